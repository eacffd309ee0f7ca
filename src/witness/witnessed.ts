/** Checks a checkpoint note's cosignatures against trusted witness keys and a quorum (offline verifiers). */
import { parseNote, parseVkey, signaturesBy, verifyCosignature, verifyEd25519, type Verifier } from './note';

export interface CosignerResult {
  name: string;
  keyId: string;
  /** POSIX seconds of a valid cosignature; absent when there is none. */
  timestamp?: number;
  ok: boolean;
  reason?: string;
}

export interface WitnessedResult {
  /** Every signature by the log's key verifies, and there is at least one. */
  logSigned: boolean;
  cosigners: CosignerResult[];
  quorum: number;
  valid: number;
  quorumMet: boolean;
}

/** signed-note rules: unknown keys' signatures are ignored; a known key's that fails is reported, not counted. */
export function checkWitnessed(note: string, log: Verifier, witnessVkeys: string[], quorum: number): WitnessedResult {
  const parsed = parseNote(note);
  const logSigs = signaturesBy(parsed, log);
  const logSigned = logSigs.length > 0 && logSigs.every((s) => verifyEd25519(parsed.text, log, s.signature));
  const cosigners = witnessVkeys.map((vkey): CosignerResult => {
    const v = parseVkey(vkey);
    const base = { name: v.name, keyId: v.keyId.toString('hex') };
    const sigs = signaturesBy(parsed, v);
    if (!sigs.length) return { ...base, ok: false, reason: 'no cosignature by this witness' };
    const times = sigs.map((s) => verifyCosignature(parsed.text, v, s.signature));
    if (times.some((t) => t === null)) return { ...base, ok: false, reason: 'cosignature does not verify' };
    return { ...base, ok: true, timestamp: Number(times.reduce((a, b) => (a! > b! ? a : b))) };
  });
  const valid = cosigners.filter((c) => c.ok).length;
  return { logSigned, cosigners, quorum, valid, quorumMet: valid >= quorum };
}
