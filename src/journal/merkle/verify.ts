/** RFC 9162 proof verification (§2.1.3.2 inclusion, §2.1.4.2 consistency), transcribed step by step. */
import { EMPTY_ROOT, nodeHash } from './tree-hash';

const HASH_BYTES = 32;

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isHash = (h: unknown): h is Uint8Array => h instanceof Uint8Array && h.length === HASH_BYTES;
const isProof = (p: unknown): p is Uint8Array[] => Array.isArray(p) && p.every(isHash);
const lsb = (n: number): boolean => n % 2 === 1;
const shr = (n: number): number => Math.floor(n / 2);

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** True iff `proof` shows the leaf with hash `leafHash` at `leafIndex` in the tree with root `expectedRoot`. */
export function verifyInclusion(
  leafHash: Uint8Array,
  leafIndex: number,
  size: number,
  proof: readonly Uint8Array[],
  expectedRoot: Uint8Array,
): boolean {
  try {
    if (!isCount(leafIndex) || !isCount(size) || !isHash(leafHash) || !isHash(expectedRoot) || !isProof(proof))
      return false;
    // 1. leaf_index must be inside the tree.
    if (leafIndex >= size) return false;
    // 2-3.
    let fn = leafIndex;
    let sn = size - 1;
    let r: Uint8Array = leafHash;
    // 4.
    for (const p of proof) {
      if (sn === 0) return false; // a. proof is too long
      if (lsb(fn) || fn === sn) {
        r = nodeHash(p, r); // b.i
        if (!lsb(fn)) {
          while (!lsb(fn) && fn !== 0) {
            fn = shr(fn);
            sn = shr(sn);
          }
        }
      } else {
        r = nodeHash(r, p); // b, otherwise
      }
      fn = shr(fn); // c.
      sn = shr(sn);
    }
    // 5. sn === 0 rejects a proof that is too short.
    return sn === 0 && bytesEqual(r, expectedRoot);
  } catch {
    return false;
  }
}

/** True iff `proof` shows the tree (oldSize, oldRoot) is a prefix of the tree (newSize, newRoot). */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  try {
    if (!isCount(oldSize) || !isCount(newSize) || !isHash(oldRoot) || !isHash(newRoot) || !isProof(proof)) return false;
    if (oldSize > newSize) return false;
    if (oldSize === newSize) return proof.length === 0 && bytesEqual(oldRoot, newRoot);
    if (oldSize === 0) return proof.length === 0 && bytesEqual(oldRoot, EMPTY_ROOT);
    // 1.
    if (proof.length === 0) return false;
    // 2. A power-of-two old tree is a complete node of the new one, so its root is implied.
    const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
    // 3-4.
    let fn = oldSize - 1;
    let sn = newSize - 1;
    while (lsb(fn)) {
      fn = shr(fn);
      sn = shr(sn);
    }
    // 5.
    let fr: Uint8Array = path[0];
    let sr: Uint8Array = path[0];
    // 6.
    for (const c of path.slice(1)) {
      if (sn === 0) return false; // a.
      if (lsb(fn) || fn === sn) {
        fr = nodeHash(c, fr); // b.i
        sr = nodeHash(c, sr); // b.ii
        if (!lsb(fn)) {
          while (!lsb(fn) && fn !== 0) {
            fn = shr(fn);
            sn = shr(sn);
          }
        }
      } else {
        sr = nodeHash(sr, c); // b, otherwise
      }
      fn = shr(fn); // c.
      sn = shr(sn);
    }
    // 7.
    return sn === 0 && bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot);
  } catch {
    return false;
  }
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}
