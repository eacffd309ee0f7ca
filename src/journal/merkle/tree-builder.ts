/** Incremental (append-only) tree building. */
import { assertCount, frontierKeys, foldTiles, NodeKey } from './subtree-store';
import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './tree-hash';

export type Frontier = Buffer[];

export type StoredNode = NodeKey & { hash: Buffer };

export interface ExtendResult {
  /** Every complete node that became complete with this batch (levels ≥ 0), ready to INSERT. */
  nodes: StoredNode[];
  /** Frontier of the tree of oldSize + newLeafHashes.length leaves. */
  frontier: Frontier;
}

function assertFrontier(frontier: readonly Buffer[], size: number): void {
  assertCount(size, 'size');
  const expected = frontierKeys(size).length;
  if (frontier.length !== expected) {
    throw new Error(`frontier has ${frontier.length} hashes, a tree of ${size} leaves needs ${expected}`);
  }
  for (const h of frontier) {
    if (!Buffer.isBuffer(h) || h.length !== HASH_SIZE) throw new Error('frontier hashes must be 32-byte Buffers');
  }
}

/** Appends leaves to a tree of oldSize leaves. */
export function extendTree(frontier: Frontier, oldSize: number, newLeafHashes: Buffer[]): ExtendResult {
  const nodes: StoredNode[] = [];
  return { frontier: grow(frontier, oldSize, newLeafHashes, (node) => nodes.push(node)), nodes };
}

/** The frontier only, for a reader who needs roots, not nodes to store (verification). */
export function extendFrontier(frontier: Frontier, oldSize: number, newLeafHashes: Buffer[]): Frontier {
  return grow(frontier, oldSize, newLeafHashes);
}

function grow(
  frontier: Frontier,
  oldSize: number,
  newLeafHashes: Buffer[],
  onNode?: (node: StoredNode) => void,
): Frontier {
  assertFrontier(frontier, oldSize);
  assertCount(oldSize + newLeafHashes.length, 'new size');
  // The frontier is a stack whose top is always the left sibling of the next odd-index node.
  const stack = [...frontier];
  let size = oldSize;
  for (const leaf of newLeafHashes) {
    if (!Buffer.isBuffer(leaf) || leaf.length !== HASH_SIZE) throw new Error('leaf hashes must be 32-byte Buffers');
    let hash = leaf;
    let level = 0;
    let index = size;
    onNode?.({ level, index, hash });
    // A right child completes its parent: merge while the new node is at an odd index.
    while (index % 2 === 1) {
      const left = stack.pop() as Buffer;
      hash = nodeHash(left, hash);
      level++;
      index = (index - 1) / 2;
      onNode?.({ level, index, hash });
    }
    stack.push(hash);
    size++;
  }
  return stack;
}

/** MTH of the whole tree from its frontier (EMPTY_ROOT for size 0). */
export function rootFromFrontier(frontier: Frontier, size: number): Buffer {
  assertFrontier(frontier, size);
  return size === 0 ? Buffer.from(EMPTY_ROOT) : foldTiles(frontier); // copy: EMPTY_ROOT is shared
}
