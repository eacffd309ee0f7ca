import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * ID numbers at rest. The 32-byte master key (HOUSEHOLD_KEY or DATA_DIR/household-key) is never used
 * directly: HKDF-SHA256 derives one key per purpose, so no derived value reveals another key.
 */
export const MASTER_KEY_BYTES = 32;
const HKDF_SALT = 'sunshine-ledger/households';
const INFO = {
  encryption: 'sunshine-ledger household id-number aes-256-gcm v1',
  duplicates: 'sunshine-ledger household id-number hmac-sha256 v1',
  keyCheck: 'sunshine-ledger household key-check v1',
} as const;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface HouseholdKeys {
  /** AES-256-GCM key for the ID number. */
  encryption: Buffer;
  /** HMAC-SHA256 key for the duplicate check (one ID number, one household, system-wide). */
  duplicates: Buffer;
  /** Not secret: tells whether a database was written with the same master key. */
  fingerprint: Buffer;
}

export function deriveHouseholdKeys(master: Buffer): HouseholdKeys {
  if (master.length !== MASTER_KEY_BYTES) throw new Error(`The household key must be ${MASTER_KEY_BYTES} bytes`);
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, HKDF_SALT, info, 32));
  return {
    encryption: derive(INFO.encryption),
    duplicates: derive(INFO.duplicates),
    fingerprint: derive(INFO.keyCheck),
  };
}

/** AES-256-GCM, random 12-byte IV, iv ‖ tag ‖ ciphertext; the household id as associated data: a moved value fails. */
export function sealIdNumber(key: Buffer, idNumber: string, householdId: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(householdId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(idNumber, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** The inverse of sealIdNumber; throws when the bytes, the key or the household id do not match. */
export function openIdNumber(key: Buffer, sealed: Buffer, householdId: string): string {
  if (sealed.length <= IV_BYTES + TAG_BYTES) throw new Error('sealed ID number too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(householdId, 'utf8'));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** Keyed hash of a normalised ID number: equal IDs give equal hashes, without the key no guessing. */
export function duplicateHash(key: Buffer, normalisedIdNumber: string): Buffer {
  return createHmac('sha256', key).update(normalisedIdNumber, 'utf8').digest();
}

export function parseMasterKey(base64: string): Buffer | undefined {
  const text = base64.trim();
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text)) return undefined;
  const key = Buffer.from(text, 'base64');
  return key.length === MASTER_KEY_BYTES ? key : undefined;
}
