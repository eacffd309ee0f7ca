/** Test support: a SubtreeStore for huge trees (10^6 … 2^50 leaves) without materialising them. */
import { createHash } from 'node:crypto';
import { NodeKey, SubtreeStore } from '../subtree-store';
import { leafHash, nodeHash } from '../tree-hash';

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

export class SparseSyntheticStore implements SubtreeStore {
  private readonly distinct: number[];
  private readonly uniform: Buffer[] = [];
  private readonly memo = new Map<string, Buffer>();
  calls = 0;
  keysFetched = 0;
  maxKeysPerCall = 0;

  constructor(
    readonly size: number,
    distinctIndices: Iterable<number>,
  ) {
    this.distinct = [...new Set(distinctIndices)].filter((i) => i >= 0 && i < size).sort((a, b) => a - b);
    this.uniform.push(leafHash(sha256('uniform entry')));
    for (let level = 1; level <= 53; level++)
      this.uniform.push(nodeHash(this.uniform[level - 1], this.uniform[level - 1]));
  }

  entryHash(i: number): Buffer {
    return this.hasDistinct(i, i + 1) ? sha256(`entry ${i}`) : sha256('uniform entry');
  }

  /** Hash of complete node (level, index); throws if it is not complete within `size`. */
  node(level: number, index: number): Buffer {
    const width = 2 ** level;
    const lo = index * width;
    if (!Number.isSafeInteger(lo + width) || index < 0 || lo + width > this.size) {
      throw new Error(`no complete node at level ${level}, index ${index}`);
    }
    if (!this.hasDistinct(lo, lo + width)) return this.uniform[level];
    const id = `${level}:${index}`;
    let hash = this.memo.get(id);
    if (!hash) {
      hash =
        level === 0
          ? leafHash(this.entryHash(lo))
          : nodeHash(this.node(level - 1, 2 * index), this.node(level - 1, 2 * index + 1));
      this.memo.set(id, hash);
    }
    return hash;
  }

  async getNodes(keys: NodeKey[]): Promise<Buffer[]> {
    this.calls++;
    this.keysFetched += keys.length;
    this.maxKeysPerCall = Math.max(this.maxKeysPerCall, keys.length);
    return keys.map((k) => this.node(k.level, k.index));
  }

  resetCounters(): void {
    this.calls = 0;
    this.keysFetched = 0;
    this.maxKeysPerCall = 0;
  }

  /** Is any distinct index in [lo, hi)? Binary search for the first distinct ≥ lo. */
  private hasDistinct(lo: number, hi: number): boolean {
    let a = 0;
    let b = this.distinct.length;
    while (a < b) {
      const mid = Math.floor((a + b) / 2);
      if (this.distinct[mid] < lo) a = mid + 1;
      else b = mid;
    }
    return a < this.distinct.length && this.distinct[a] < hi;
  }
}
