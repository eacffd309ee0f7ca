import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkpointBody,
  consistencyProof,
  inclusionProof,
  leafHash,
  MemorySubtreeStore,
  rootHash,
  signCheckpoint,
  verifyCheckpointSignature,
  verifyConsistency,
  verifyInclusion,
} from '../merkle';
import { canonicalBytes, chainHash, EntryDocument, GENESIS_HASH, HASH_SCHEME_VERSION } from './entry-document';

/** Hash scheme v1 against hash-vectors.json (docs/hash-scheme.md). */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface ChainVector {
  note: string;
  input: EntryDocument;
  canonical: string;
  prevHash: string;
  hash: string;
}

interface Vectors {
  book: string;
  genesisHash: string;
  chain: ChainVector[];
  merkle: {
    leafHashes: string[];
    size: number;
    root: string;
    rootAtSize3: string;
    inclusion: { seq: number; leafIndex: number; treeSize: number; proof: string[] };
    consistency: { fromSize: number; toSize: number; proof: string[] };
    checkpoint: {
      origin: string;
      timestamp: string;
      body: string;
      privateKeySeed: string;
      publicKeyRaw: string;
      keyId: string;
      signature: string;
    };
  };
  rfc8785: { examples: Array<{ name: string; input: string; canonical: string }>; numbers: Array<[string, string]> };
}

// JSON.parse, not `import`: the file's number literals (-0, 1E21, 0.10) must reach JCS untouched.
const vectors = JSON.parse(readFileSync(join(__dirname, 'hash-vectors.json'), 'utf8')) as Vectors;
const { chain } = vectors;
const hex = (h: string) => Buffer.from(h, 'hex');
/** The scheme's JCS, applied to any JSON value (canonicalBytes is typed for entry documents). */
const jcs = (value: unknown) => canonicalBytes(value as EntryDocument).toString('utf8');
const hashOf = (doc: unknown, prev: Buffer) => chainHash(prev, canonicalBytes(doc as EntryDocument)).toString('hex');

describe('hash scheme v1 test vectors', () => {
  it('has the documented constants', () => {
    expect(HASH_SCHEME_VERSION).toBe(1);
    expect(GENESIS_HASH).toEqual(Buffer.alloc(32));
    expect(vectors.genesisHash).toBe(GENESIS_HASH.toString('hex'));
  });

  it.each(chain.map((v) => [v.input.seq, v] as const))('seq %i: canonical bytes', (_seq, v) => {
    expect(canonicalBytes(v.input).toString('utf8')).toBe(v.canonical);
    expect(canonicalBytes(v.input).equals(Buffer.from(v.canonical, 'utf8'))).toBe(true);
  });

  it.each(chain.map((v) => [v.input.seq, v] as const))('seq %i: hash = SHA-256(prev ‖ canonical)', (_seq, v) => {
    expect(chainHash(hex(v.prevHash), canonicalBytes(v.input)).toString('hex')).toBe(v.hash);
    // The same thing spelled out, as another implementation would do it.
    const manual = createHash('sha256')
      .update(Buffer.concat([hex(v.prevHash), Buffer.from(v.canonical, 'utf8')]))
      .digest('hex');
    expect(manual).toBe(v.hash);
  });

  it('forms one chain in one book, starting at the genesis hash', () => {
    expect(chain.length).toBeGreaterThanOrEqual(4);
    expect(hex(chain[0].prevHash).equals(GENESIS_HASH)).toBe(true);
    chain.forEach((v, i) => {
      expect(v.input.book).toBe(vectors.book);
      expect(v.input.seq).toBe(i + 1);
      if (i > 0) expect(v.prevHash).toBe(chain[i - 1].hash);
    });
    // Recomputing from the genesis alone (no stored prev hashes) reaches the same head.
    const head = chain.reduce<Buffer>((prev, v) => chainHash(prev, canonicalBytes(v.input)), GENESIS_HASH);
    expect(head.toString('hex')).toBe(chain[chain.length - 1].hash);
  });

  it('canonical text is a fixed point: re-canonicalising a stored body gives the same bytes', () => {
    for (const v of chain) expect(jcs(JSON.parse(v.canonical))).toBe(v.canonical);
  });

  it('covers the cases it claims to (guards against the file being re-serialised)', () => {
    const byType = (t: string) => chain.filter((v) => v.input.type === t);
    expect(byType('fund.received')[0].input.payload.title).toMatch(/[\u4e00-\u9fff]/);
    expect(chain.some((v) => v.input.counterpart !== undefined)).toBe(true);
    expect(chain.some((v) => v.input.newFunds !== undefined)).toBe(true);
    const reversal = byType('entry.reversed')[0].input;
    expect(reversal.reverses).toBe(3);
    expect(reversal.postings.map((p) => BigInt(p.amount))).toEqual(
      chain[2].input.postings.map((p) => -BigInt(p.amount)),
    );
    const numbers = chain[2].input.payload.numbers as Record<string, number>;
    expect(Object.is(numbers.negativeZero, -0)).toBe(true);
    expect(numbers.tenThousandTrillion).toBe(1e21);
    expect(chain[2].canonical).toContain(
      '"numbers":{"hundred":100,"negativeZero":0,"ratio":0.45,"tenThousandTrillion":1e+21,"tenth":0.1,"tiny":1e-7}',
    );
    expect(chain[2].canonical).toContain('\\"'); // quote
    expect(chain[2].canonical).toContain('\\\\'); // backslash
    expect(chain[2].canonical).toContain('\\u0007'); // control character: lowercase \u00xx
    expect(chain[2].canonical).toContain('🚜'); // non-BMP escape in the input: raw UTF-8 in the output
    expect(chain[2].canonical).toContain('"😀":"U+1F600","\ufb33":"U+FB33"'); // UTF-16 order, not code point order
  });

  it('follows the document rules: string amounts, dates, optional members omitted', () => {
    for (const { input: d } of chain) {
      expect(d.v).toBe(1);
      expect(d.occurredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(d.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(new Date(d.recordedAt).toISOString()).toBe(d.recordedAt);
      for (const p of d.postings) expect(p.amount).toMatch(/^-?[1-9]\d*$/);
      for (const key of ['newFunds', 'reverses', 'counterpart'] as const) expect(d[key]).not.toBeNull();
    }
  });
});

/** Every way of changing one thing in a JSON value: each scalar, each member and element added or removed. */
function mutations(value: Json, path = '$'): Array<[string, Json]> {
  const out: Array<[string, Json]> = [];
  if (Array.isArray(value)) {
    out.push([`${path}: element appended`, [...value, 'extra']]);
    value.forEach((item, i) => {
      out.push([`${path}[${i}] removed`, value.filter((_, j) => j !== i)]);
      for (const [p, m] of mutations(item, `${path}[${i}]`)) out.push([p, value.map((x, j) => (j === i ? m : x))]);
    });
    if (value.length > 1) out.push([`${path}: elements reordered`, [...value.slice(1), value[0]]]);
  } else if (value !== null && typeof value === 'object') {
    out.push([`${path}: member added`, { ...value, zzExtra: 1 }]);
    for (const key of Object.keys(value)) {
      const { [key]: removed, ...rest } = value;
      out.push([`${path}.${key} removed`, rest]);
      for (const [p, m] of mutations(removed, `${path}.${key}`)) out.push([p, { ...value, [key]: m }]);
    }
  } else if (typeof value === 'string') {
    out.push([path, `${value}x`]);
    if (value.length)
      out.push([
        `${path} (last char)`,
        value.slice(0, -1) + String.fromCharCode(value.charCodeAt(value.length - 1) ^ 1),
      ]);
  } else if (typeof value === 'number') {
    out.push([path, value === 0 ? 1 : value * 2]);
    out.push([`${path} as string`, String(value)]);
  } else if (typeof value === 'boolean') {
    out.push([path, !value]);
  } else {
    out.push([path, 0]);
  }
  return out;
}

describe('any single change to a document changes its hash', () => {
  it.each(chain.map((v) => [v.input.seq, v] as const))('seq %i', (_seq, v) => {
    const prev = hex(v.prevHash);
    const all = mutations(v.input as unknown as Json);
    expect(all.length).toBeGreaterThan(40);
    const unchanged = all.filter(([, doc]) => hashOf(doc, prev) === v.hash).map(([path]) => path);
    expect(unchanged).toEqual([]);
    // …and no two different changes collide.
    expect(new Set(all.map(([, doc]) => hashOf(doc, prev))).size).toBe(all.length);
  });

  it('so does a different previous hash', () => {
    const v = chain[1];
    const prev = hex(v.prevHash);
    prev[31] ^= 1;
    expect(chainHash(prev, canonicalBytes(v.input)).toString('hex')).not.toBe(v.hash);
    expect(chainHash(GENESIS_HASH, canonicalBytes(v.input)).toString('hex')).not.toBe(v.hash);
  });

  it('but the order in which members are written does not', () => {
    for (const v of chain) {
      const reversed = (x: Json): Json =>
        Array.isArray(x)
          ? x.map(reversed)
          : x !== null && typeof x === 'object'
            ? Object.fromEntries(
                Object.entries(x)
                  .reverse()
                  .map(([k, y]) => [k, reversed(y)]),
              )
            : x;
      expect(hashOf(reversed(v.input as unknown as Json), hex(v.prevHash))).toBe(v.hash);
    }
  });
});

describe('RFC 8785 published examples', () => {
  it.each(vectors.rfc8785.examples.map((e) => [e.name, e] as const))('%s', (_name, e) => {
    expect(jcs(JSON.parse(e.input))).toBe(e.canonical);
  });

  it.each(vectors.rfc8785.numbers)('Appendix B: %s → %s', (bits, expected) => {
    expect(jcs(hex(bits).readDoubleBE(0))).toBe(expected);
    expect(jcs({ n: hex(bits).readDoubleBE(0) })).toBe(`{"n":${expected}}`);
  });
});

describe('Merkle tree and signed checkpoint over the vector chain', () => {
  const m = vectors.merkle;
  const entryHashes = chain.map((v) => hex(v.hash));
  const store = new MemorySubtreeStore(entryHashes);

  it('leaf = SHA-256(0x00 ‖ entry hash); roots at sizes 3 and 5', async () => {
    expect(entryHashes.map((h) => leafHash(h).toString('hex'))).toEqual(m.leafHashes);
    expect((await rootHash(m.size, store)).toString('hex')).toBe(m.root);
    expect((await rootHash(3, store)).toString('hex')).toBe(m.rootAtSize3);
  });

  it('inclusion and consistency proofs', async () => {
    const { leafIndex, treeSize, seq } = m.inclusion;
    expect(leafIndex).toBe(seq - 1);
    expect((await inclusionProof(leafIndex, treeSize, store)).map((p) => p.toString('hex'))).toEqual(m.inclusion.proof);
    expect(
      verifyInclusion(hex(m.leafHashes[leafIndex]), leafIndex, treeSize, m.inclusion.proof.map(hex), hex(m.root)),
    ).toBe(true);
    const { fromSize, toSize } = m.consistency;
    expect((await consistencyProof(fromSize, toSize, store)).map((p) => p.toString('hex'))).toEqual(
      m.consistency.proof,
    );
    expect(verifyConsistency(fromSize, toSize, hex(m.rootAtSize3), hex(m.root), m.consistency.proof.map(hex))).toBe(
      true,
    );
  });

  it('checkpoint body and Ed25519 signature (RFC 8032 test key, deterministic)', () => {
    const cp = m.checkpoint;
    expect(checkpointBody({ origin: cp.origin, size: m.size, rootHash: hex(m.root), timestamp: cp.timestamp })).toBe(
      cp.body,
    );
    const raw = Buffer.from(cp.publicKeyRaw, 'base64');
    const x = raw.toString('base64url');
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    const privateKey = createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', x, d: hex(cp.privateKeySeed).toString('base64url') },
      format: 'jwk',
    });
    expect(signCheckpoint(cp.body, privateKey)).toBe(cp.signature);
    expect(verifyCheckpointSignature(cp.body, cp.signature, publicKey)).toBe(true);
    expect(verifyCheckpointSignature(cp.body.replace('\n5\n', '\n4\n'), cp.signature, publicKey)).toBe(false);
    expect(createHash('sha256').update(raw).digest('hex').slice(0, 16)).toBe(cp.keyId);
  });
});

/** Where the `canonicalize` package (v2) goes beyond or against RFC 8785. */
describe('canonicalize v2 behaviour outside RFC 8785', () => {
  it('escapes a lone surrogate as \\udxxx instead of rejecting it (RFC 8785 / I-JSON require an error)', () => {
    expect(jcs({ a: '\ud800' })).toBe('{"a":"\\ud800"}');
    expect(jcs(JSON.parse('{"a":"x\\udc00"}'))).toBe('{"a":"x\\udc00"}');
  });

  it('rejects NaN, Infinity and bigint; drops undefined members; calls toJSON', () => {
    expect(() => jcs({ a: NaN })).toThrow();
    expect(() => jcs({ a: Infinity })).toThrow();
    expect(() => jcs({ a: 1n })).toThrow();
    expect(jcs({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
    expect(jcs({ d: new Date(Date.UTC(2025, 0, 1)) })).toBe('{"d":"2025-01-01T00:00:00.000Z"}');
  });
});
