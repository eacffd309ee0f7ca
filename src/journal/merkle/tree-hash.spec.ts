import { EMPTY_ROOT, leafHash, nodeHash } from './tree-hash';

describe('RFC 6962 hashing', () => {
  it('matches the known SHA-256 values', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // CT vectors: leaf hash of the empty leaf, and the root of leaves "" and 00.
    expect(leafHash(Buffer.alloc(0)).toString('hex')).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    const l0 = leafHash(Buffer.alloc(0));
    const l1 = leafHash(Buffer.of(0));
    expect(nodeHash(l0, l1).toString('hex')).toBe('fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125');
  });

  it('domain-separates leaves from interior nodes', () => {
    const a = leafHash(Buffer.from('a'));
    const b = leafHash(Buffer.from('b'));
    expect(leafHash(Buffer.concat([a, b]))).not.toEqual(nodeHash(a, b));
  });
});
