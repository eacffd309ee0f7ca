import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits; a prefix makes leaked tokens easy to spot in logs and secret scanners. */
export function newToken(): string {
  return `sl_${randomBytes(32).toString('base64url')}`;
}

/** Tokens are high-entropy, so a plain SHA-256 is enough (no slow KDF needed) and lookups stay O(1). */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
