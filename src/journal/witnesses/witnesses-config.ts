/** The WITNESSES setting of a county's service: who cosigns its checkpoints (README, docs/witness.md). */
import { parseVkey, SIG_COSIGNATURE_V1, type Verifier } from '../../witness/note';

export interface WitnessSetting {
  /** The witness's key name, from its verifier key. */
  name: string;
  /** Its cosignature/v1 verifier key (type 0x04), as the witness prints it. */
  vkey: string;
  verifier: Verifier;
  /** Submission prefix: add-checkpoint is POSTed to `${url}/add-checkpoint`. */
  url: string;
  /** Shown to villagers, e.g. 郾城区审计局; defaults to the key name. */
  displayName: string;
}

/**
 * Entries separated by newlines or commas, each `<vkey> <url> [display name]`, e.g.
 * `audit.yancheng.example/w1+1a2b3c4d+BKm… http://10.0.0.5:3100 郾城区审计局`.
 */
export function parseWitnesses(text: string | undefined): WitnessSetting[] {
  const out: WitnessSetting[] = [];
  for (const item of (text ?? '').split(/[\n,]/).map((s) => s.trim())) {
    if (!item) continue;
    const [vkey, url, ...rest] = item.split(/\s+/);
    let verifier: Verifier;
    try {
      verifier = parseVkey(vkey);
    } catch (err) {
      throw new Error(`Config WITNESSES: ${(err as Error).message}`);
    }
    if (verifier.type !== SIG_COSIGNATURE_V1)
      throw new Error(`Config WITNESSES: ${verifier.name} is no cosignature/v1 (type 0x04) key`);
    if (!url || !/^https?:\/\/[^\s]+$/.test(url))
      throw new Error(`Config WITNESSES: ${verifier.name} needs an http(s) URL`);
    if (out.some((w) => w.name === verifier.name))
      throw new Error(`Config WITNESSES: ${verifier.name} is listed twice`);
    const displayName = rest.join(' ') || verifier.name;
    out.push({ name: verifier.name, vkey, verifier, url: url.replace(/\/+$/, ''), displayName });
  }
  return out;
}
