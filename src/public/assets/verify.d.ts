/**
 * Types of the browser verification script (verify.js), for its unit tests. verify.js re-exports the primitives
 * of verify-primitives.js and the cosignature checks of verify-witness.js, so the tests load verify.js alone.
 */
export interface StepResult {
  /** true passed, false failed, null not decidable yet (no checkpoint covers the entry). */
  ok: boolean | null;
  detail?: string;
  reason?: string;
}

export interface VerifyInput {
  noticeId: string;
  book: string;
  seq: number;
  prevHash: string;
  contentBytes: Uint8Array;
  entryBytes: Uint8Array;
  publicKeyRaw: string;
  checkpoint: { body: string; signature: string; note?: string } | null;
  proof: string[] | null;
  /** The county's published witnesses (GET /ledger/witnesses); absent → none, quorum 0. */
  witnesses?: { quorum: number; witnesses: Array<{ name: string; displayName?: string; vkey: string }> } | null;
}

export interface Cosigner {
  name: string;
  displayName: string;
  keyId: string;
  /** POSIX seconds. */
  time: number;
}

export interface VerifyOutcome {
  content: StepResult;
  signature: StepResult;
  inclusion: StepResult;
  witness: StepResult;
  cosigners: Cosigner[];
  entryHash: string | null;
  leafHash: string | null;
  treeSize: number | null;
  overall: 'ok' | 'fail' | 'pending';
}

export function hexToBytes(hex: string): Uint8Array;
export function bytesToHex(bytes: Uint8Array): string;
export function base64ToBytes(text: string): Uint8Array;
export function sha256(bytes: Uint8Array): Promise<Uint8Array>;
export function leafHash(entryHash: Uint8Array): Promise<Uint8Array>;
export function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array>;
export function entryHash(prevHash: Uint8Array, canonicalBytes: Uint8Array): Promise<Uint8Array>;
export function verifyInclusion(
  leaf: Uint8Array,
  leafIndex: number,
  size: number,
  proof: Uint8Array[],
  root: Uint8Array,
): Promise<boolean>;
export function parseCheckpoint(body: string): {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  timestamp: string;
};
export function verifySignature(publicKeyRawB64: string, body: string, signatureB64: string): Promise<boolean>;
export function keyIdOf(publicKeyRawB64: string): Promise<string>;
export function parseCosignerKey(vkey: string): Promise<{ name: string; keyId: Uint8Array; publicKey: Uint8Array }>;
export function verifyCosignature(publicKey: Uint8Array, body: string, signature: Uint8Array): Promise<number | null>;
export function verifyNotice(input: VerifyInput): Promise<VerifyOutcome>;
/** The same functions over another Web Crypto implementation (tests). */
export function withCrypto(crypto: unknown): Omit<typeof import('./verify'), 'withCrypto'>;
