/** One add-checkpoint request to a witness (c2sp.org/tlog-witness), classified for the log side. */
import { parseSignatureLine, verifyCosignature } from '../../witness/note';
import { formatAddCheckpoint } from '../../witness/tlog';
import type { WitnessSetting } from './witnesses-config';

export type WitnessAnswer =
  | { kind: 'cosigned'; timestamp: bigint; signature: string }
  | { kind: 'conflict'; size: number }
  | { kind: 'inconsistent'; status: number; reason: string }
  | { kind: 'refused'; status: number; reason: string }
  | { kind: 'down'; reason: string };

export async function requestCosignature(
  w: WitnessSetting,
  req: { oldSize: number; proof: Buffer[]; note: string; body: string },
  timeoutMs: number,
): Promise<WitnessAnswer> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${w.url}/add-checkpoint`, {
      method: 'POST',
      body: formatAddCheckpoint(req.oldSize, req.proof, req.note),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { kind: 'down', reason: cause ?? (err as Error).message };
  }
  const reason = text.trim().slice(0, 500);
  if (res.status === 200) {
    // Lines from other keys are ignored (tlog-witness); the one matching the configured key must verify.
    for (const line of text.split('\n')) {
      const sig = parseSignatureLine(line);
      if (!sig || sig.name !== w.name || !sig.keyId.equals(w.verifier.keyId)) continue;
      const timestamp = verifyCosignature(req.body, w.verifier, sig.signature);
      if (timestamp !== null)
        return { kind: 'cosigned', timestamp, signature: Buffer.concat([sig.keyId, sig.signature]).toString('base64') };
    }
    return { kind: 'refused', status: 200, reason: 'the answer holds no valid cosignature by the configured key' };
  }
  if (res.status === 409 && /^(0|[1-9][0-9]*)$/.test(reason)) return { kind: 'conflict', size: Number(reason) };
  if (res.status === 422) return { kind: 'inconsistent', status: 422, reason };
  if (res.status >= 500) return { kind: 'down', reason: `HTTP ${res.status} ${reason}` };
  return { kind: 'refused', status: res.status, reason };
}
