/** Signed checkpoints (signed tree heads) in the C2SP tlog-checkpoint format (https://c2sp.org/tlog-checkpoint). */
import { createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { HASH_SIZE } from './tree-hash';

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Buffer;
  /** ISO-8601 UTC timestamp as it appears in the body. */
  timestamp: string;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const TIMESTAMP_PREFIX = 'timestamp ';

/** Control characters (incl. \n, \r) would let an origin smuggle extra lines into the body; lone
 * surrogates would make two different strings encode to the same signed UTF-8 bytes. */
function isPrintableUtf8(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return false;
  }
  return Buffer.from(text, 'utf8').toString('utf8') === text;
}

/** Strict base64 decode: rejects anything Buffer.from would silently skip or accept non-canonically. */
function decodeBase64(text: string): Buffer | null {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

/** The exact UTF-8 text that gets signed. Throws on values that cannot be encoded unambiguously. */
export function checkpointBody(cp: {
  origin: string;
  size: number;
  rootHash: Buffer;
  timestamp: Date | string;
}): string {
  const { origin, size, rootHash } = cp;
  if (typeof origin !== 'string' || origin.length === 0 || !isPrintableUtf8(origin)) {
    throw new Error('origin must be a non-empty string without control characters');
  }
  if (!Number.isSafeInteger(size) || size < 0)
    throw new RangeError(`size must be a non-negative safe integer, got ${size}`);
  if (!Buffer.isBuffer(rootHash) || rootHash.length !== HASH_SIZE) throw new Error('rootHash must be a 32-byte Buffer');
  let timestamp: string;
  if (cp.timestamp instanceof Date) {
    timestamp = cp.timestamp.toISOString(); // throws RangeError on an invalid Date
  } else {
    timestamp = cp.timestamp;
    if (!ISO_UTC.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
      throw new Error(`timestamp must be ISO-8601 UTC (…Z), got ${JSON.stringify(timestamp)}`);
    }
  }
  return `${origin}\n${size}\n${rootHash.toString('base64')}\n${TIMESTAMP_PREFIX}${timestamp}\n`;
}

/** Parses a body produced by checkpointBody; throws on anything else (including non-canonical forms). */
export function parseCheckpointBody(text: string): Checkpoint {
  if (typeof text !== 'string' || !text.endsWith('\n')) throw new Error('checkpoint body must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length !== 4) throw new Error(`checkpoint body must have 4 lines, got ${lines.length}`);
  const [origin, sizeText, rootText, tsLine] = lines;
  if (!DECIMAL.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) throw new Error('malformed checkpoint size');
  const rootHash = decodeBase64(rootText);
  if (!rootHash || rootHash.length !== HASH_SIZE) throw new Error('malformed checkpoint root hash');
  if (!tsLine.startsWith(TIMESTAMP_PREFIX)) throw new Error('missing timestamp extension line');
  const cp: Checkpoint = { origin, size: Number(sizeText), rootHash, timestamp: tsLine.slice(TIMESTAMP_PREFIX.length) };
  // Re-encoding validates origin/timestamp and guarantees a single canonical encoding.
  if (checkpointBody(cp) !== text) throw new Error('checkpoint body is not canonical');
  return cp;
}

/** Base64 Ed25519 signature over the body's UTF-8 bytes. */
export function signCheckpoint(body: string, privateKey: KeyObject): string {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error('checkpoints must be signed with an Ed25519 private key');
  }
  return sign(null, Buffer.from(body, 'utf8'), privateKey).toString('base64');
}

/** True iff signatureB64 is a valid Ed25519 signature of body. Never throws. */
export function verifyCheckpointSignature(body: string, signatureB64: string, publicKey: KeyObject | string): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    if (key.asymmetricKeyType !== 'ed25519' || typeof body !== 'string' || typeof signatureB64 !== 'string')
      return false;
    const sig = decodeBase64(signatureB64);
    if (!sig || sig.length !== 64) return false;
    return verify(null, Buffer.from(body, 'utf8'), key, sig);
  } catch {
    return false;
  }
}
