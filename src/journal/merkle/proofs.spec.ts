import { createHash } from 'node:crypto';
import { MemorySubtreeStore } from './memory-store';
import { consistencyPlan, consistencyProof, inclusionPlan, inclusionProof, rootHash } from './proofs';
import { NodeKey, SubtreeStore } from './subtree-store';
import { SparseSyntheticStore } from './testing/sparse-store';
import { verifyConsistency, verifyInclusion } from './verify';

// ---- Naive reference, straight from RFC 6962 §2.1 (own hashing, no library code) ----
const sha256 = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
const refLeaf = (d: Buffer): Buffer => sha256(Buffer.of(0), d);
const refNode = (l: Buffer, r: Buffer): Buffer => sha256(Buffer.of(1), l, r);

/** MTH over leaves [a, b) given level-0 node hashes; `complete` optionally short-cuts aligned 2^L ranges. */
class Reference {
  private readonly memo = new Map<string, Buffer>();
  constructor(
    private readonly leaf: (i: number) => Buffer,
    private readonly complete?: (level: number, index: number) => Buffer,
  ) {}

  mth(a: number, b: number): Buffer {
    const n = b - a;
    if (n === 0) return sha256();
    if (n === 1) return this.leaf(a);
    const id = `${a}:${b}`;
    let h = this.memo.get(id);
    if (h) return h;
    const level = Math.log2(n);
    if (this.complete && Number.isInteger(level) && a % n === 0) {
      h = this.complete(level, a / n);
    } else {
      let k = 1;
      while (k * 2 < n) k *= 2; // largest power of two < n
      h = refNode(this.mth(a, a + k), this.mth(a + k, b));
    }
    this.memo.set(id, h);
    return h;
  }

  /** PATH(m, D[a:b]) */
  path(m: number, a: number, b: number): Buffer[] {
    const n = b - a;
    if (n === 1) return [];
    let k = 1;
    while (k * 2 < n) k *= 2;
    return m < k
      ? [...this.path(m, a, a + k), this.mth(a + k, b)]
      : [...this.path(m - k, a + k, b), this.mth(a, a + k)];
  }

  /** SUBPROOF(m, D[a:b], flag) */
  subproof(m: number, a: number, b: number, flag: boolean): Buffer[] {
    const n = b - a;
    if (m === n) return flag ? [] : [this.mth(a, b)];
    let k = 1;
    while (k * 2 < n) k *= 2;
    return m <= k
      ? [...this.subproof(m, a, a + k, flag), this.mth(a + k, b)]
      : [...this.subproof(m - k, a + k, b, false), this.mth(a, a + k)];
  }
}

// One string per proof keeps 17k comparisons fast; a mismatch still shows which element differs.
const hex = (bs: Buffer[]): string => bs.map((b) => b.toString('hex')).join(' ');

/** Deterministic PRNG so failures are reproducible. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('proofs vs. RFC 6962 reference, every size 1..130', () => {
  const MAX = 130;
  const entries = Array.from({ length: MAX }, (_, i) => sha256(Buffer.from(`entry ${i}`)));
  const store = new MemorySubtreeStore(entries);
  const ref = new Reference((i) => refLeaf(entries[i]));

  it('rootHash', async () => {
    for (let n = 0; n <= MAX; n++) {
      store.resetCounters();
      expect((await rootHash(n, store)).toString('hex')).toBe(ref.mth(0, n).toString('hex'));
      expect(store.calls).toBe(n === 0 ? 0 : 1);
    }
  });

  it('inclusionProof for every index, in one getNodes call, and it verifies', async () => {
    const failures: string[] = []; // one expect at the end: 8.5k jest expects would dominate the runtime
    for (let n = 1; n <= MAX; n++) {
      const root = ref.mth(0, n);
      for (let m = 0; m < n; m++) {
        store.resetCounters();
        const proof = await inclusionProof(m, n, store);
        if (hex(proof) !== hex(ref.path(m, 0, n))) failures.push(`PATH(${m}, ${n}) differs`);
        if (store.calls !== (proof.length === 0 ? 0 : 1)) failures.push(`PATH(${m}, ${n}): ${store.calls} calls`);
        if (!verifyInclusion(refLeaf(entries[m]), m, n, proof, root)) failures.push(`PATH(${m}, ${n}) does not verify`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('consistencyProof for every 0 ≤ oldSize ≤ newSize, in one getNodes call, and it verifies', async () => {
    const failures: string[] = [];
    for (let n = 1; n <= MAX; n++) {
      for (let m = 0; m <= n; m++) {
        store.resetCounters();
        const proof = await consistencyProof(m, n, store);
        const expected = m === 0 || m === n ? [] : ref.subproof(m, 0, n, true);
        if (hex(proof) !== hex(expected)) failures.push(`PROOF(${m}, ${n}) differs`);
        if (store.calls !== (proof.length === 0 ? 0 : 1)) failures.push(`PROOF(${m}, ${n}): ${store.calls} calls`);
        if (!verifyConsistency(m, n, ref.mth(0, m), ref.mth(0, n), proof))
          failures.push(`PROOF(${m}, ${n}) does not verify`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('rejects out-of-range arguments', async () => {
    await expect(inclusionProof(5, 5, store)).rejects.toThrow(RangeError);
    await expect(inclusionProof(-1, 5, store)).rejects.toThrow(RangeError);
    await expect(inclusionProof(0, 0, store)).rejects.toThrow(RangeError);
    await expect(inclusionProof(1.5, 5, store)).rejects.toThrow(RangeError);
    await expect(consistencyProof(6, 5, store)).rejects.toThrow(RangeError);
    await expect(rootHash(-1, store)).rejects.toThrow(RangeError);
    // Asking for nodes that are not complete yet is a store error, surfaced as a rejection.
    await expect(inclusionProof(0, MAX + 1, store)).rejects.toThrow(/no complete node/);
  });

  it('rejects a store that returns the wrong number or shape of hashes', async () => {
    const short: SubtreeStore = { getNodes: async (keys) => (await store.getNodes(keys)).slice(1) };
    const truncated: SubtreeStore = {
      getNodes: async (keys) => (await store.getNodes(keys)).map((h) => h.subarray(1)),
    };
    await expect(inclusionProof(3, 100, short)).rejects.toThrow(/returned/);
    await expect(inclusionProof(3, 100, truncated)).rejects.toThrow(/bad hash/);
  });
});

describe('large trees with a lazily-hashed sparse store', () => {
  const N = 1_000_000;
  const rand = mulberry32(6962);
  // ~1 distinct leaf per 256, plus the neighbourhoods of the indices under test.
  const probes = [0, 1, 2, 511, 512, 513, 65535, 65536, 524287, 524288, 999_998, 999_999];
  for (let i = 0; i < 20; i++) probes.push(Math.floor(rand() * N));
  const distinct: number[] = [];
  for (let i = 0; i < N / 256; i++) distinct.push(Math.floor(rand() * N));
  for (const p of probes) for (let d = -2; d <= 2; d++) distinct.push(p + d);
  const store = new SparseSyntheticStore(N, distinct);
  const ref = new Reference(
    (i) => store.node(0, i),
    (level, index) => store.node(level, index),
  );
  const maxKeys = 2 * Math.ceil(Math.log2(N)); // 40

  it('rootHash of 10^6 leaves fetches popcount(n) keys', async () => {
    store.resetCounters();
    expect((await rootHash(N, store)).equals(ref.mth(0, N))).toBe(true);
    expect(store.calls).toBe(1);
    expect(store.keysFetched).toBe(N.toString(2).replace(/0/g, '').length);
  });

  it(`inclusionProof in a 10^6 tree matches the reference with ≤ ${maxKeys} keys in one call`, async () => {
    const root = ref.mth(0, N);
    for (const m of probes) {
      store.resetCounters();
      const proof = await inclusionProof(m, N, store);
      expect(store.calls).toBe(1);
      expect(store.keysFetched).toBeLessThanOrEqual(maxKeys);
      expect(hex(proof)).toBe(hex(ref.path(m, 0, N)));
      expect(verifyInclusion(store.node(0, m), m, N, proof, root)).toBe(true);
    }
  });

  it(`consistencyProof up to 10^6 matches the reference with ≤ ${maxKeys} keys in one call`, async () => {
    const pairs: Array<[number, number]> = probes.filter((m) => m > 0).map((m) => [m, N]);
    for (let i = 0; i < 20; i++) {
      const a = 1 + Math.floor(rand() * (N - 1));
      const b = 1 + Math.floor(rand() * (N - 1));
      pairs.push([Math.min(a, b), Math.max(a, b)]);
    }
    for (const [m, n] of pairs) {
      store.resetCounters();
      const proof = await consistencyProof(m, n, store);
      expect(store.calls).toBe(proof.length === 0 ? 0 : 1);
      expect(store.keysFetched).toBeLessThanOrEqual(maxKeys);
      expect(hex(proof)).toBe(hex(m === n ? [] : ref.subproof(m, 0, n, true)));
      expect(verifyConsistency(m, n, ref.mth(0, m), ref.mth(0, n), proof)).toBe(true);
    }
  });

  it('worst-case key counts over all sizes stay within 2·log2(n) (planning only)', () => {
    const keyCount = (plan: NodeKey[][]) => plan.reduce((s, e) => s + e.length, 0);
    for (const n of [N, 2 ** 20 - 1, 2 ** 31 + 7, 2 ** 52 + 1, 2 ** 53 - 1]) {
      const limit = 2 * Math.ceil(Math.log2(n));
      let k = 1;
      while (k * 2 < n) k *= 2;
      for (const m of [0, 1, Math.floor(n / 3), k - 1, k, n - 2, n - 1]) {
        expect(keyCount(inclusionPlan(m, n))).toBeLessThanOrEqual(limit);
        if (m > 0) expect(keyCount(consistencyPlan(m, n))).toBeLessThanOrEqual(limit);
      }
    }
  });

  it('handles sizes far beyond 2^32 (no 32-bit bit operations)', async () => {
    const big = 2 ** 45 + 2 ** 33 + 12345;
    const ids = [0, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 3, 2 ** 45 + 2 ** 33 + 100, big - 1];
    const bigStore = new SparseSyntheticStore(
      big,
      ids.flatMap((i) => [i - 1, i, i + 1]),
    );
    const bigRef = new Reference(
      (i) => bigStore.node(0, i),
      (l, i) => bigStore.node(l, i),
    );
    const root = await rootHash(big, bigStore);
    expect(root.equals(bigRef.mth(0, big))).toBe(true);
    for (const m of ids) {
      const proof = await inclusionProof(m, big, bigStore);
      expect(hex(proof)).toBe(hex(bigRef.path(m, 0, big)));
      expect(verifyInclusion(bigStore.node(0, m), m, big, proof, root)).toBe(true);
      const wrong = m === big - 1 ? m - 1 : m + 1; // neighbours are distinct leaves, so this must fail
      expect(verifyInclusion(bigStore.node(0, m), wrong, big, proof, root)).toBe(false);
    }
    const old = 2 ** 40 + 5;
    const cproof = await consistencyProof(old, big, bigStore);
    expect(hex(cproof)).toEqual(hex(bigRef.subproof(old, 0, big, true)));
    expect(verifyConsistency(old, big, bigRef.mth(0, old), root, cproof)).toBe(true);
  });
});
