import { fundTotals, isBalanced, projectMoney } from './totals';

describe('fundTotals', () => {
  it('sorts a county fund’s postings into an identity that holds', () => {
    const t = fundTotals(
      [
        { account: 'transfer:410000000000', amount: -100_000n },
        { account: 'pool:411103000000', amount: 20_000n },
        { account: 'allocated:411104000000', amount: 30_000n },
        { account: 'project:p1', amount: 15_000n },
        { account: 'payee:contractor.x', amount: 35_000n },
      ],
      5_000n,
    );
    expect(t).toEqual({
      received: 100_000n,
      passedDown: 30_000n,
      committedUnpaid: 15_000n,
      paid: 35_000n,
      reversed: 5_000n,
      available: 20_000n,
      other: 0n,
    });
    expect(isBalanced(t)).toBe(true);
  });

  it('is not balanced when a posting sits outside the identity’s accounts', () => {
    const t = fundTotals([
      { account: 'source:central', amount: -100n },
      { account: 'pool:410000000000', amount: 90n },
      { account: 'test:x', amount: 10n },
    ]);
    expect(t.other).toBe(10n);
    expect(isBalanced(t)).toBe(false);
  });
});

describe('projectMoney', () => {
  it('nets releases and reversed payments', () => {
    const m = projectMoney([
      { amount: 10_000n, payment: false, reversal: false }, // commitment
      { amount: -3_000n, payment: true, reversal: false }, // payment
      { amount: -2_000n, payment: true, reversal: false }, // payment, reversed below
      { amount: 2_000n, payment: true, reversal: true },
      { amount: -1_000n, payment: false, reversal: false }, // release
    ]);
    expect(m).toEqual({ committed: 9_000n, paid: 3_000n, reversed: 2_000n, unpaid: 6_000n });
    expect(m.committed).toBe(m.paid + m.unpaid);
  });
});
