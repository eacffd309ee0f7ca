/** RFC 6962 / RFC 9162 Merkle tree library backing the hash-chained journal. */
export { EMPTY_ROOT, HASH_SIZE, leafHash, nodeHash } from './tree-hash';
export { frontierKeys, rangeKeys } from './subtree-store';
export type { NodeKey, SubtreeStore } from './subtree-store';
export { extendFrontier, extendTree, rootFromFrontier } from './tree-builder';
export type { ExtendResult, Frontier, StoredNode } from './tree-builder';
export { consistencyPlan, consistencyProof, inclusionPlan, inclusionProof, rootHash } from './proofs';
export { verifyConsistency, verifyInclusion } from './verify';
export { checkpointBody, parseCheckpointBody, signCheckpoint, verifyCheckpointSignature } from './checkpoint';
export type { Checkpoint } from './checkpoint';
export { MemorySubtreeStore } from './memory-store';
