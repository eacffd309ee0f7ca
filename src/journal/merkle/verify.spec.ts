import { MemorySubtreeStore } from './memory-store';
import { consistencyProof, inclusionProof, rootHash } from './proofs';
import { EMPTY_ROOT, leafHash, nodeHash } from './tree-hash';
import { verifyConsistency, verifyInclusion } from './verify';

const h = (s: string): Buffer => Buffer.from(s, 'hex');

// Certificate Transparency test vectors, from transparency-dev/merkle testonly/constants.go and
// proof/verify_test.go (originally google/certificate-transparency). Leaf inputs are raw data.
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
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map(h);
// [leafIndex (0-based; the Go file lists it 1-based), size, proof]
const CT_INCLUSION: Array<[number, number, string[]]> = [
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [0, 1, []],
];
const CT_CONSISTENCY: Array<[number, number, string[]]> = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];
const SOME_HASH = h('abacaba000000000000000000000000000000000000000000060061e00123456');

const flipBit = (proof: Buffer[], i: number): Buffer[] =>
  proof.map((p, j) => (j === i ? Buffer.from(p.map((b, k) => (k === 0 ? b ^ 8 : b))) : p));

/** Variants of a valid inclusion proof that must all be rejected (mirrors transparency-dev's probes). */
function corruptInclusion(
  leaf: Buffer,
  m: number,
  n: number,
  proof: Buffer[],
  root: Buffer,
): Array<[string, () => boolean]> {
  const probes: Array<[string, () => boolean]> = [
    ['index - 1', () => verifyInclusion(leaf, m - 1, n, proof, root)],
    ['index + 1', () => verifyInclusion(leaf, m + 1, n, proof, root)],
    ['index ^ 2', () => verifyInclusion(leaf, m ^ 2, n, proof, root)],
    ['size * 2', () => verifyInclusion(leaf, m, n * 2, proof, root)],
    ['size / 2', () => verifyInclusion(leaf, m, Math.floor(n / 2), proof, root)],
    ['wrong leaf', () => verifyInclusion(leafHash(Buffer.from('WrongLeaf')), m, n, proof, root)],
    ['empty root', () => verifyInclusion(leaf, m, n, proof, EMPTY_ROOT)],
    ['random root', () => verifyInclusion(leaf, m, n, proof, SOME_HASH)],
    ['trailing garbage', () => verifyInclusion(leaf, m, n, [...proof, Buffer.alloc(0)], root)],
    ['trailing root', () => verifyInclusion(leaf, m, n, [...proof, root], root)],
    ['preceding garbage', () => verifyInclusion(leaf, m, n, [Buffer.alloc(0), ...proof], root)],
    ['preceding root', () => verifyInclusion(leaf, m, n, [root, ...proof], root)],
  ];
  proof.forEach((_, i) =>
    probes.push([`flipped bit in proof[${i}]`, () => verifyInclusion(leaf, m, n, flipBit(proof, i), root)]),
  );
  if (proof.length > 0) probes.push(['dropped last', () => verifyInclusion(leaf, m, n, proof.slice(0, -1), root)]);
  if (proof.length > 1)
    probes.push(['inserted', () => verifyInclusion(leaf, m, n, [proof[0], SOME_HASH, ...proof.slice(1)], root)]);
  return probes;
}

function corruptConsistency(
  m: number,
  n: number,
  r1: Buffer,
  r2: Buffer,
  proof: Buffer[],
): Array<[string, () => boolean]> {
  const v = (a: number, b: number, x: Buffer, y: Buffer, p: Buffer[]) => () => verifyConsistency(a, b, x, y, p);
  const probes: Array<[string, () => boolean]> = [
    ['old - 1', v(m - 1, n, r1, r2, proof)],
    ['old + 1', v(m + 1, n, r1, r2, proof)],
    ['old ^ 2', v(m ^ 2, n, r1, r2, proof)],
    ['new * 2', v(m, n * 2, r1, r2, proof)],
    ['new / 2', v(m, Math.floor(n / 2), r1, r2, proof)],
    ['wrong old root', v(m, n, SOME_HASH, r2, proof)],
    ['wrong new root', v(m, n, r1, SOME_HASH, proof)],
    ['swapped roots', v(m, n, r2, r1, proof)],
    ['empty proof', v(m, n, r1, r2, [])],
    ['trailing garbage', v(m, n, r1, r2, [...proof, Buffer.alloc(0)])],
    ['trailing old root', v(m, n, r1, r2, [...proof, r1])],
    ['trailing new root', v(m, n, r1, r2, [...proof, r2])],
    ['preceding garbage', v(m, n, r1, r2, [Buffer.alloc(0), ...proof])],
    ['preceding old root', v(m, n, r1, r2, [r1, ...proof])],
    ['preceding new root', v(m, n, r1, r2, [r2, ...proof])],
    ['preceding proof[0]', v(m, n, r1, r2, [proof[0], ...proof])],
    ['truncated', v(m, n, r1, r2, proof.slice(0, -1))],
  ];
  proof.forEach((_, i) => probes.push([`flipped bit in proof[${i}]`, v(m, n, r1, r2, flipBit(proof, i))]));
  return probes;
}

const accepted = (probes: Array<[string, () => boolean]>): string[] =>
  probes.filter(([, run]) => run()).map(([name]) => name);

describe('Certificate Transparency test vectors', () => {
  const store = new MemorySubtreeStore(CT_LEAVES);
  const leaves = CT_LEAVES.map((d) => leafHash(d));

  it('tree hashes and roots for sizes 0..8', async () => {
    expect(EMPTY_ROOT).toEqual(CT_ROOTS[0]);
    expect(nodeHash(leaves[0], leaves[1])).toEqual(CT_ROOTS[2]);
    for (let n = 0; n <= 8; n++) expect((await rootHash(n, store)).toString('hex')).toBe(CT_ROOTS[n].toString('hex'));
  });

  it.each(CT_INCLUSION)('inclusion proof for leaf %i in tree of %i', async (m, n, expected) => {
    const proof = await inclusionProof(m, n, store);
    expect(proof.map((p) => p.toString('hex'))).toEqual(expected);
    expect(verifyInclusion(leaves[m], m, n, proof, CT_ROOTS[n])).toBe(true);
    expect(accepted(corruptInclusion(leaves[m], m, n, proof, CT_ROOTS[n]))).toEqual([]);
  });

  it.each(CT_CONSISTENCY)('consistency proof %i → %i', async (m, n, expected) => {
    const proof = await consistencyProof(m, n, store);
    expect(proof.map((p) => p.toString('hex'))).toEqual(expected);
    expect(verifyConsistency(m, n, CT_ROOTS[m], CT_ROOTS[n], proof)).toBe(true);
    if (proof.length > 0) expect(accepted(corruptConsistency(m, n, CT_ROOTS[m], CT_ROOTS[n], proof))).toEqual([]);
  });
});

describe('tampered proofs are rejected for every proof up to size 40', () => {
  const entries = Array.from({ length: 40 }, (_, i) => leafHash(Buffer.from(`e${i}`)));
  const store = new MemorySubtreeStore(entries);

  it('inclusion', async () => {
    const bad: string[] = [];
    for (let n = 1; n <= 40; n++) {
      const root = await rootHash(n, store);
      for (let m = 0; m < n; m++) {
        const proof = await inclusionProof(m, n, store);
        for (const name of accepted(corruptInclusion(store.node(0, m) as Buffer, m, n, proof, root)))
          bad.push(`${m}/${n}: ${name}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('consistency', async () => {
    const bad: string[] = [];
    for (let n = 2; n <= 40; n++) {
      for (let m = 1; m < n; m++) {
        const proof = await consistencyProof(m, n, store);
        const probes = corruptConsistency(m, n, await rootHash(m, store), await rootHash(n, store), proof);
        for (const name of accepted(probes)) bad.push(`${m}→${n}: ${name}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('edge cases and malformed input (false, never a throw)', () => {
  const leaf = leafHash(Buffer.from('data'));
  const r1 = h('11'.repeat(32));
  const r2 = h('22'.repeat(32));

  it('single-entry trees', () => {
    expect(verifyInclusion(leaf, 0, 1, [], leaf)).toBe(true);
    expect(verifyInclusion(leaf, 0, 1, [], Buffer.alloc(0))).toBe(false);
    expect(verifyInclusion(Buffer.alloc(0), 0, 1, [], leaf)).toBe(false);
    for (const [m, n] of [
      [0, 0],
      [1, 0],
      [2, 1],
      [1, 1],
    ])
      expect(verifyInclusion(leaf, m, n, [], leaf)).toBe(false);
  });

  it('consistency between equal, empty and shrinking trees', () => {
    expect(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])).toBe(true);
    expect(verifyConsistency(0, 5, EMPTY_ROOT, r2, [])).toBe(true);
    expect(verifyConsistency(0, 5, r1, r2, [])).toBe(false); // size-0 tree must have the empty root
    expect(verifyConsistency(3, 3, r1, r1, [])).toBe(true);
    expect(verifyConsistency(3, 3, r1, r2, [])).toBe(false);
    expect(verifyConsistency(3, 3, r1, r1, [EMPTY_ROOT])).toBe(false);
    expect(verifyConsistency(0, 1, EMPTY_ROOT, r2, [EMPTY_ROOT])).toBe(false);
    expect(verifyConsistency(2, 1, r1, r2, [])).toBe(false);
    expect(verifyConsistency(1, 2, r1, r2, [])).toBe(false);
  });

  it('garbage arguments', () => {
    const junk: unknown[] = [NaN, -1, 1.5, Infinity, 2 ** 53, '3', null, undefined, {}];
    const anyV = verifyInclusion as (...a: unknown[]) => boolean;
    const anyC = verifyConsistency as (...a: unknown[]) => boolean;
    for (const x of junk) {
      expect(anyV(leaf, x, 8, [], leaf)).toBe(false);
      expect(anyV(leaf, 0, x, [], leaf)).toBe(false);
      expect(anyV(x, 0, 1, [], leaf)).toBe(false);
      expect(anyV(leaf, 0, 2, x, leaf)).toBe(false);
      expect(anyV(leaf, 0, 2, [x], leaf)).toBe(false);
      expect(anyC(x, 8, r1, r2, [r1])).toBe(false);
      expect(anyC(1, x, r1, r2, [r1])).toBe(false);
      expect(anyC(1, 2, x, r2, [r1])).toBe(false);
      expect(anyC(1, 2, r1, r2, x)).toBe(false);
      expect(anyC(1, 2, r1, r2, [x])).toBe(false);
    }
    // Plain Uint8Arrays (what a browser would pass) are accepted.
    expect(verifyInclusion(new Uint8Array(leaf), 0, 1, [], new Uint8Array(leaf))).toBe(true);
  });
});
