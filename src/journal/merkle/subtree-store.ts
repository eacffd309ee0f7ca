/** Storage model shared by the builder and the proof generators. */
import { HASH_SIZE, nodeHash } from './tree-hash';

export interface NodeKey {
  level: number;
  index: number;
}

export interface SubtreeStore {
  /** Returns the hashes of the given complete nodes, in the same order. Expected to be ONE query. */
  getNodes(keys: NodeKey[]): Promise<Buffer[]>;
}

/** Throws unless n is a non-negative safe integer (a valid tree size or index). */
export function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative safe integer, got ${n}`);
}

/** Largest power of two strictly less than n (n ≥ 2): the RFC 6962 split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The complete aligned nodes tiling [start, end), largest first. */
export function rangeKeys(start: number, end: number): NodeKey[] {
  const keys: NodeKey[] = [];
  let remaining = end - start;
  let pos = start;
  let size = 1;
  let level = 0;
  while (size * 2 <= remaining) {
    size *= 2;
    level++;
  }
  for (; remaining > 0; size /= 2, level--) {
    if (size > remaining) continue;
    if (pos % size !== 0) throw new Error(`range [${start}, ${end}) is not a node of an RFC 6962 tree`);
    keys.push({ level, index: pos / size });
    pos += size;
    remaining -= size;
  }
  return keys;
}

/** Keys of the right-edge complete subtrees ("frontier") of a tree of `size` leaves. */
export function frontierKeys(size: number): NodeKey[] {
  assertCount(size, 'size');
  return rangeKeys(0, size);
}

/** Folds tile hashes (largest/leftmost first) right-to-left into the RFC 6962 range hash. */
export function foldTiles(hashes: readonly Buffer[]): Buffer {
  if (hashes.length === 0) throw new Error('cannot fold an empty range');
  let acc = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i], acc);
  return acc;
}

const keyId = (k: NodeKey): string => `${k.level}:${k.index}`;

/** Fetches each distinct key in ONE getNodes call and returns a lookup. */
export async function fetchNodes(store: SubtreeStore, keys: NodeKey[]): Promise<(k: NodeKey) => Buffer> {
  const unique = new Map<string, NodeKey>();
  for (const k of keys) unique.set(keyId(k), k);
  const wanted = [...unique.values()];
  const hashes = wanted.length > 0 ? await store.getNodes(wanted) : [];
  if (!Array.isArray(hashes) || hashes.length !== wanted.length) {
    throw new Error(`SubtreeStore returned ${hashes?.length} hashes for ${wanted.length} keys`);
  }
  const found = new Map<string, Buffer>();
  wanted.forEach((k, i) => {
    const h = hashes[i];
    if (!Buffer.isBuffer(h) || h.length !== HASH_SIZE)
      throw new Error(`SubtreeStore returned a bad hash for node ${keyId(k)}`);
    found.set(keyId(k), h);
  });
  return (k) => {
    const h = found.get(keyId(k));
    if (!h) throw new Error(`node ${keyId(k)} was not fetched`);
    return h;
  };
}
