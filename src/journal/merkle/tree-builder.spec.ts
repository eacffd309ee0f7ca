import { createHash } from 'node:crypto';
import { MemorySubtreeStore } from './memory-store';
import { rootHash } from './proofs';
import { frontierKeys, rangeKeys } from './subtree-store';
import { extendFrontier, extendTree, Frontier, rootFromFrontier, StoredNode } from './tree-builder';
import { EMPTY_ROOT, leafHash } from './tree-hash';

const h = (s: string): Buffer => Buffer.from(s, 'hex');
const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

// Complete-node hashes of the 8-leaf CT tree (transparency-dev/merkle testonly.NodeHashes), by level.
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(h);
const CT_NODES = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  [
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];
const CT_ROOTS = [
  '',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const show = (nodes: StoredNode[]): string[] => nodes.map((n) => `${n.level}/${n.index}=${n.hash.toString('hex')}`);
const popcount = (n: number): number => n.toString(2).replace(/0/g, '').length;

/** Appends `leaves` in the given chunk sizes, collecting every emitted node. */
function buildInChunks(leaves: Buffer[], chunks: number[]): { nodes: StoredNode[]; frontier: Frontier } {
  let frontier: Frontier = [];
  let size = 0;
  const nodes: StoredNode[] = [];
  for (const c of chunks) {
    const r = extendTree(frontier, size, leaves.slice(size, size + c));
    nodes.push(...r.nodes);
    frontier = r.frontier;
    size += c;
  }
  return { nodes, frontier };
}

describe('extendTree', () => {
  it('reproduces the CT tree node by node, one leaf at a time', () => {
    let frontier: Frontier = [];
    const seen: string[][] = [];
    CT_LEAVES.forEach((d, i) => {
      const r = extendTree(frontier, i, [leafHash(d)]);
      for (const n of r.nodes) (seen[n.level] ??= [])[n.index] = n.hash.toString('hex');
      frontier = r.frontier;
      // Frontier = the right-edge complete nodes, largest first, as the store would return them.
      expect(frontier.map((f) => f.toString('hex'))).toEqual(
        frontierKeys(i + 1).map((k) => CT_NODES[k.level][k.index]),
      );
      expect(rootFromFrontier(frontier, i + 1).toString('hex')).toBe(CT_ROOTS[i + 1]);
    });
    expect(seen).toEqual(CT_NODES);
  });

  it('emits each complete node exactly once: 2n − popcount(n) nodes for n leaves', () => {
    const leaves = Array.from({ length: 300 }, (_, i) => leafHash(sha256(`x${i}`)));
    const bad: string[] = [];
    for (let n = 0; n <= 300; n++) {
      const { nodes } = buildInChunks(leaves, [n]);
      if (nodes.length !== 2 * n - popcount(n)) bad.push(`n=${n}: ${nodes.length} nodes`);
      if (new Set(nodes.map((x) => `${x.level}/${x.index}`)).size !== nodes.length) bad.push(`n=${n}: duplicates`);
      if (nodes.some((x) => (x.index + 1) * 2 ** x.level > n)) bad.push(`n=${n}: incomplete node emitted`);
    }
    expect(bad).toEqual([]);
  });

  it('gives the same nodes, frontier and root whether appended in one batch or in chunks', () => {
    const leaves = Array.from({ length: 257 }, (_, i) => leafHash(sha256(`y${i}`)));
    const oneBatch = buildInChunks(leaves, [257]);
    const splits = [
      Array<number>(257).fill(1),
      [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 26],
      [128, 0, 128, 1],
      [100, 100, 57],
      [255, 2],
    ];
    for (const chunks of splits) {
      const r = buildInChunks(leaves, chunks);
      const key = (n: StoredNode) => `${n.level}/${n.index}`;
      expect(show(r.nodes).sort()).toEqual(show(oneBatch.nodes).sort());
      expect(new Set(r.nodes.map(key)).size).toBe(r.nodes.length);
      expect(r.frontier).toEqual(oneBatch.frontier);
      expect(rootFromFrontier(r.frontier, 257)).toEqual(rootFromFrontier(oneBatch.frontier, 257));
    }
  });

  it('agrees with a store-backed root, and a frontier loaded by frontierKeys() resumes appending', async () => {
    const entries = Array.from({ length: 1000 }, (_, i) => sha256(`entry ${i}`));
    const store = new MemorySubtreeStore(entries.slice(0, 613));
    // What a writer does: load the frontier in one query, extend, insert the new nodes.
    const frontier = await store.getNodes(frontierKeys(613));
    const r = extendTree(
      frontier,
      613,
      entries.slice(613).map((e) => leafHash(e)),
    );
    const full = new MemorySubtreeStore(entries);
    for (const n of r.nodes) expect(full.node(n.level, n.index)).toEqual(n.hash);
    expect(rootFromFrontier(r.frontier, 1000)).toEqual(await rootHash(1000, full));
    expect(rootFromFrontier(r.frontier, 1000)).toEqual(full.root());
  });

  it('is amortised O(new leaves): a batch of k emits at most 2k nodes', () => {
    const leaves = Array.from({ length: 4096 }, (_, i) => leafHash(sha256(`z${i}`)));
    let frontier: Frontier = [];
    for (let size = 0; size < 4096; size += 16) {
      const r = extendTree(frontier, size, leaves.slice(size, size + 16));
      expect(r.nodes.length).toBeLessThanOrEqual(2 * 16 + Math.log2(size + 16));
      frontier = r.frontier;
    }
    expect(frontier.length).toBe(1);
  });

  it('rejects frontiers that do not match the size, and non-hash leaves', () => {
    const leaf = leafHash(Buffer.from('a'));
    expect(() => extendTree([], 1, [leaf])).toThrow(/frontier/);
    expect(() => extendTree([leaf, leaf], 2, [leaf])).toThrow(/frontier/);
    expect(() => extendTree([], 0, [Buffer.alloc(31)])).toThrow(/32-byte/);
    expect(() => extendTree([], -1, [])).toThrow(RangeError);
    expect(() => rootFromFrontier([leaf], 2)).not.toThrow();
    expect(() => rootFromFrontier([leaf], 3)).toThrow(/frontier/);
    expect(rootFromFrontier([], 0)).toEqual(EMPTY_ROOT);
  });
});

describe('extendFrontier', () => {
  it('gives the CT roots at every size, in any chunking, without emitting nodes', () => {
    const leaves = CT_LEAVES.map(leafHash);
    for (const chunk of [1, 3, 8]) {
      let frontier: Frontier = [];
      for (let size = 0; size < 8; size += chunk) {
        const added = leaves.slice(size, size + chunk);
        frontier = extendFrontier(frontier, size, added);
        expect(rootFromFrontier(frontier, size + added.length).toString('hex')).toBe(CT_ROOTS[size + added.length]);
      }
    }
  });
});

describe('rangeKeys / frontierKeys', () => {
  it('tiles a right-edge range with aligned complete nodes, largest first', () => {
    expect(frontierKeys(0)).toEqual([]);
    expect(frontierKeys(13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(rangeKeys(8, 13)).toEqual([
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(frontierKeys(2 ** 52 + 1)).toEqual([
      { level: 52, index: 0 },
      { level: 0, index: 2 ** 52 },
    ]);
  });

  it('refuses ranges that are not RFC 6962 tree nodes', () => {
    expect(() => rangeKeys(1, 3)).toThrow(/not a node/);
  });
});
