/** RFC 9162 §2.1 proof generation against a SubtreeStore. */
import { assertCount, fetchNodes, foldTiles, NodeKey, rangeKeys, splitPoint, SubtreeStore } from './subtree-store';
import { EMPTY_ROOT } from './tree-hash';

/** One proof element = the tiles whose fold is MTH of that element's range. */
type Plan = NodeKey[][];

async function resolve(plan: Plan, store: SubtreeStore): Promise<Buffer[]> {
  const node = await fetchNodes(store, plan.flat());
  return plan.map((tiles) => foldTiles(tiles.map(node)));
}

/** MTH(D[0:size]) from the popcount(size) frontier nodes. */
export async function rootHash(size: number, store: SubtreeStore): Promise<Buffer> {
  assertCount(size, 'size');
  if (size === 0) return Buffer.from(EMPTY_ROOT); // a copy: callers may mutate what they get
  return (await resolve([rangeKeys(0, size)], store))[0];
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]), iteratively: each step emits the sibling of the half holding m. */
export function inclusionPlan(leafIndex: number, size: number): Plan {
  assertCount(leafIndex, 'leafIndex');
  assertCount(size, 'size');
  if (leafIndex >= size) throw new RangeError(`leafIndex ${leafIndex} is not in a tree of size ${size}`);
  const plan: Plan = [];
  let start = 0;
  let n = size;
  let m = leafIndex;
  while (n > 1) {
    const k = splitPoint(n);
    if (m < k) {
      plan.push(rangeKeys(start + k, start + n));
      n = k;
    } else {
      plan.push(rangeKeys(start, start + k));
      start += k;
      m -= k;
      n -= k;
    }
  }
  return plan.reverse();
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true), iteratively. */
export function consistencyPlan(oldSize: number, newSize: number): Plan {
  assertCount(oldSize, 'oldSize');
  assertCount(newSize, 'newSize');
  if (oldSize > newSize) throw new RangeError(`oldSize ${oldSize} exceeds newSize ${newSize}`);
  // RFC 9162 only defines 0 < m < n; the empty proof is the natural (and verifiable) answer otherwise.
  if (oldSize === 0 || oldSize === newSize) return [];
  const plan: Plan = [];
  let start = 0;
  let m = oldSize;
  let n = newSize;
  let b = true;
  while (m !== n) {
    const k = splitPoint(n);
    if (m <= k) {
      plan.push(rangeKeys(start + k, start + n));
      n = k;
    } else {
      plan.push(rangeKeys(start, start + k));
      start += k;
      m -= k;
      n -= k;
      b = false;
    }
  }
  if (!b) plan.push(rangeKeys(start, start + n));
  return plan.reverse();
}

/** Audit path for leaf `leafIndex` (0-based; journal seq s is index s-1) in a tree of `size`. */
export async function inclusionProof(leafIndex: number, size: number, store: SubtreeStore): Promise<Buffer[]> {
  return resolve(inclusionPlan(leafIndex, size), store);
}

/** Proof that the tree of oldSize leaves is a prefix of the tree of newSize leaves. */
export async function consistencyProof(oldSize: number, newSize: number, store: SubtreeStore): Promise<Buffer[]> {
  return resolve(consistencyPlan(oldSize, newSize), store);
}
