import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt at 32 MiB per guess, so a stolen table is slow to attack on a GPU. The parameters are stored with each hash,
 * so raising them later leaves old hashes readable.
 */
const PARAMS = { logN: 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$15$8$1$<salt>$<hash>` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS.logN, PARAMS.r, PARAMS.p);
  return ['scrypt', PARAMS.logN, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

let dummy: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (an unknown username, a token-only user) a
 * dummy hash is checked instead, so that the answer takes as long as for a wrong password.
 */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  const parts = (stored ?? (await dummy)).split('$');
  const [kind, logN, r, p, salt, hash] = parts;
  if (parts.length !== 6 || kind !== 'scrypt') return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(logN), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected) && stored != null;
}

/** The rule for a new password, in Chinese for the form; null when it is acceptable. */
export function passwordProblem(password: string, username?: string | null): string | null {
  if (password.length < 10) return '密码至少 10 个字符';
  if (password.length > 128) return '密码最多 128 个字符';
  if (/^(.)\1*$/.test(password)) return '密码不能由同一个字符组成';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}
