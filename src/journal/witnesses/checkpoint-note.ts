/** A book's checkpoint as a C2SP signed note: the county's Ed25519 line, then the witnesses' cosignature lines. */
import type { KeyObject } from 'node:crypto';
import { formatVkey, keyIdOf, rawPublicKey, SIG_ED25519 } from '../../witness/note';

export const ORIGIN_PREFIX = 'sunshine-ledger/';
export const originOf = (book: string) => `${ORIGIN_PREFIX}${book}`;

export interface CosignatureView {
  /** The witness's key name. */
  name: string;
  displayName: string;
  /** Key ID of its cosignature/v1 key, 8 hex digits. */
  keyId: string;
  /** POSIX seconds, as signed. */
  timestamp: number;
  cosignedAt: string;
  /** The signature line's base64: key ID ‖ u64 timestamp ‖ Ed25519 signature. */
  signature: string;
}

export interface WitnessStatusView {
  name: string;
  displayName: string;
  keyId: string;
  vkey: string;
  /** ok: cosigned the latest request · pending: not asked yet · down: unreachable · refused: 4xx other than 422
   * (a configuration problem) · inconsistent: refused as not consistent with what it cosigned (a finding). */
  status: 'ok' | 'pending' | 'down' | 'refused' | 'inconsistent';
  cosignedSize: number;
  detail: string | null;
}

/** The county's verifier key for a book: key name = origin, type 0x01 (tlog-checkpoint: the name SHOULD match). */
export function logVkey(book: string, publicKey: KeyObject): string {
  return formatVkey(originOf(book), SIG_ED25519, rawPublicKey(publicKey));
}

/** `— <origin> base64(key ID ‖ signature)`: the stored Ed25519 signature over the body is the note signature. */
export function logSignatureLine(book: string, publicKey: KeyObject, signatureB64: string): string {
  const keyId = keyIdOf(originOf(book), SIG_ED25519, rawPublicKey(publicKey));
  return `\u2014 ${originOf(book)} ${Buffer.concat([keyId, Buffer.from(signatureB64, 'base64')]).toString('base64')}\n`;
}

export function checkpointNote(body: string, logLine: string, cosignatures: CosignatureView[]): string {
  return `${body}\n${logLine}${cosignatures.map((c) => `\u2014 ${c.name} ${c.signature}\n`).join('')}`;
}
