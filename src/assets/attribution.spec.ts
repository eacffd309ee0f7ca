import { seededRandom } from '../common/seeded-random';
import { attributeProRata } from './attribution';

describe('attributeProRata (largest remainder, ties to the oldest commitment)', () => {
  it('splits 100.01 yuan over three equal funds exactly, the two odd fen to the oldest funds', () => {
    const shares = attributeProRata(10001n, [
      { fundId: 'a', weight: 100000n },
      { fundId: 'b', weight: 100000n },
      { fundId: 'c', weight: 100000n },
    ]);
    expect(shares).toEqual([
      { fundId: 'a', amount: 3334n },
      { fundId: 'b', amount: 3334n },
      { fundId: 'c', amount: 3333n },
    ]);
  });

  it('gives the leftover fen to the largest remainders, not to the largest funds', () => {
    // 100 fen over 1/3 : 1/3 : 1/3 + ε weights → 33.33…, 33.33…, 33.33…+; exact value: 33,33,34.
    const shares = attributeProRata(100n, [
      { fundId: 'a', weight: 333n },
      { fundId: 'b', weight: 333n },
      { fundId: 'c', weight: 334n },
    ]);
    expect(shares.map((s) => s.amount)).toEqual([33n, 33n, 34n]);
  });

  it('leaves out funds whose share is zero and handles a zero value', () => {
    expect(
      attributeProRata(1n, [
        { fundId: 'a', weight: 5n },
        { fundId: 'b', weight: 5n },
      ]),
    ).toEqual([{ fundId: 'a', amount: 1n }]);
    expect(attributeProRata(0n, [{ fundId: 'a', weight: 5n }])).toEqual([]);
    expect(
      attributeProRata(7n, [
        { fundId: 'a', weight: 0n },
        { fundId: 'b', weight: 9n },
      ]),
    ).toEqual([{ fundId: 'b', amount: 7n }]);
  });

  it('refuses impossible inputs', () => {
    expect(() => attributeProRata(5n, [])).toThrow();
    expect(() => attributeProRata(-1n, [{ fundId: 'a', weight: 1n }])).toThrow();
  });

  it('on 5000 random cases: sums exactly, never exceeds a weight, stays within one fen of the exact share', () => {
    const next = seededRandom(20241122);
    for (let n = 0; n < 5000; n++) {
      const funds = 1 + Math.floor(next() * 6);
      const weights = Array.from({ length: funds }, (_, i) => ({
        fundId: `f${i}`,
        weight: BigInt(Math.floor(next() * (next() < 0.3 ? 1000 : 1e9))),
      }));
      const total = weights.reduce((s, w) => s + w.weight, 0n);
      if (total === 0n) continue;
      const value = BigInt(Math.floor(next() * Number(total + 1n)));
      const shares = attributeProRata(value, weights);
      expect(shares.reduce((s, x) => s + x.amount, 0n)).toBe(value);
      for (const share of shares) {
        const w = weights.find((x) => x.fundId === share.fundId)!.weight;
        expect(share.amount).toBeLessThanOrEqual(w);
        const floor = (value * w) / total;
        expect(share.amount === floor || share.amount === floor + 1n).toBe(true);
      }
    }
  });
});
