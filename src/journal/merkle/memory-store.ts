/** In-memory SubtreeStore over a list of entry hashes, for tests and the offline verifier. */
import { SubtreeStore, NodeKey } from './subtree-store';
import { extendTree, Frontier, rootFromFrontier } from './tree-builder';
import { leafHash } from './tree-hash';

export class MemorySubtreeStore implements SubtreeStore {
  /** levels[L][i] = hash of complete node (L, i). */
  private readonly levels: Buffer[][] = [];
  private frontier: Frontier = [];
  private leafCount = 0;

  /** Number of getNodes calls since construction / resetCounters(). */
  calls = 0;
  /** Total keys requested across those calls. */
  keysFetched = 0;
  /** Size of the largest single getNodes request. */
  maxKeysPerCall = 0;

  constructor(entryHashes: Buffer[] = []) {
    this.append(entryHashes);
  }

  get size(): number {
    return this.leafCount;
  }

  /** Appends entries (raw entry hashes; the level-0 node is leafHash(entryHash)). */
  append(entryHashes: Buffer[]): void {
    const { nodes, frontier } = extendTree(
      this.frontier,
      this.leafCount,
      entryHashes.map((e) => leafHash(e)),
    );
    for (const { level, index, hash } of nodes) (this.levels[level] ??= [])[index] = hash;
    this.frontier = frontier;
    this.leafCount += entryHashes.length;
  }

  /** Root of the whole current tree, computed locally (not counted). */
  root(): Buffer {
    return rootFromFrontier(this.frontier, this.leafCount);
  }

  /** Direct lookup of a complete node (not counted), or undefined if it does not exist yet. */
  node(level: number, index: number): Buffer | undefined {
    return this.levels[level]?.[index];
  }

  resetCounters(): void {
    this.calls = 0;
    this.keysFetched = 0;
    this.maxKeysPerCall = 0;
  }

  async getNodes(keys: NodeKey[]): Promise<Buffer[]> {
    this.calls++;
    this.keysFetched += keys.length;
    this.maxKeysPerCall = Math.max(this.maxKeysPerCall, keys.length);
    return keys.map(({ level, index }) => {
      const hash = this.node(level, index);
      // Like a missing DB row: asking for an incomplete node is a caller bug, not a zero hash.
      if (!hash) throw new Error(`no complete node at level ${level}, index ${index}`);
      return hash;
    });
  }
}
