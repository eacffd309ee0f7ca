import { randomBytes } from 'node:crypto';
import { deriveHouseholdKeys, duplicateHash, openIdNumber, parseMasterKey, sealIdNumber } from './household-crypto';

const ID = '11010519491231002X';
const HOUSEHOLD = '3f2b0c7e-0000-4000-8000-000000000001';

describe('household crypto', () => {
  const master = Buffer.alloc(32, 7);
  const keys = deriveHouseholdKeys(master);

  it('derives distinct 32-byte keys, the same ones from the same master key', () => {
    expect(
      new Set([keys.encryption, keys.duplicates, keys.fingerprint, master].map((k) => k.toString('hex'))).size,
    ).toBe(4);
    expect([keys.encryption, keys.duplicates, keys.fingerprint].every((k) => k.length === 32)).toBe(true);
    expect(deriveHouseholdKeys(Buffer.alloc(32, 7))).toEqual(keys);
    expect(deriveHouseholdKeys(Buffer.alloc(32, 8)).encryption.equals(keys.encryption)).toBe(false);
    expect(() => deriveHouseholdKeys(Buffer.alloc(16))).toThrow();
  });

  it('seals as iv ‖ tag ‖ ciphertext with a fresh IV each time, and opens again', () => {
    const a = sealIdNumber(keys.encryption, ID, HOUSEHOLD);
    const b = sealIdNumber(keys.encryption, ID, HOUSEHOLD);
    expect(a).toHaveLength(12 + 16 + 18);
    expect(a.subarray(0, 12).equals(b.subarray(0, 12))).toBe(false);
    expect(a.toString('latin1')).not.toContain(ID);
    expect(openIdNumber(keys.encryption, a, HOUSEHOLD)).toBe(ID);
    expect(openIdNumber(keys.encryption, b, HOUSEHOLD)).toBe(ID);
  });

  it('refuses a tampered value, another key, or another household', () => {
    const sealed = sealIdNumber(keys.encryption, ID, HOUSEHOLD);
    const flipped = Buffer.from(sealed);
    flipped[sealed.length - 1] ^= 1;
    expect(() => openIdNumber(keys.encryption, flipped, HOUSEHOLD)).toThrow();
    expect(() => openIdNumber(keys.duplicates, sealed, HOUSEHOLD)).toThrow();
    expect(() => openIdNumber(keys.encryption, sealed, '3f2b0c7e-0000-4000-8000-000000000002')).toThrow();
    expect(() => openIdNumber(keys.encryption, sealed.subarray(0, 28), HOUSEHOLD)).toThrow();
  });

  it('hashes for duplicates with the key: equal IDs collide, other keys do not', () => {
    expect(duplicateHash(keys.duplicates, ID)).toEqual(duplicateHash(keys.duplicates, ID));
    expect(duplicateHash(keys.duplicates, ID)).toHaveLength(32);
    expect(duplicateHash(keys.duplicates, ID).equals(duplicateHash(keys.duplicates, '411103198503150018'))).toBe(false);
    expect(
      duplicateHash(keys.duplicates, ID).equals(duplicateHash(deriveHouseholdKeys(Buffer.alloc(32, 8)).duplicates, ID)),
    ).toBe(false);
  });

  it('parses a master key only as base64 of exactly 32 bytes', () => {
    const key = randomBytes(32);
    expect(parseMasterKey(key.toString('base64'))).toEqual(key);
    expect(parseMasterKey(`${key.toString('base64')}\n`)).toEqual(key);
    expect(parseMasterKey(randomBytes(31).toString('base64'))).toBeUndefined();
    expect(parseMasterKey(randomBytes(33).toString('base64'))).toBeUndefined();
    expect(parseMasterKey(key.toString('hex'))).toBeUndefined();
  });
});
