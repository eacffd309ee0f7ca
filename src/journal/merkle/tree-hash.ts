/** RFC 6962 / RFC 9162 §2.1.1 hashing with SHA-256. */
import { createHash, hash } from 'node:crypto';

/** Byte length of every hash in the tree. */
export const HASH_SIZE = 32;

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** MTH({d}) = SHA-256(0x00 ‖ d). For the journal, d is the 32-byte entry hash. */
export function leafHash(data: Uint8Array): Buffer {
  // One-shot hash over one buffer: about twice as fast as createHash() for inputs this small.
  const input = Buffer.allocUnsafe(1 + data.length);
  input[0] = 0x00;
  input.set(data, 1);
  return hash('sha256', input, 'buffer');
}

/** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = 0x01;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return hash('sha256', input, 'buffer');
}
