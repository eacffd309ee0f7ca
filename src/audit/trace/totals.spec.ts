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
  it('nets releases (also inside a settling payment) and reversed payments', () => {
    const m = projectMoney([
      { project: 10_000n, payee: 0n, reversal: false }, // commitment
      { project: -3_000n, payee: 3_000n, reversal: false }, // payment
      { project: -2_000n, payee: 2_000n, reversal: false }, // payment, reversed below
      { project: 2_000n, payee: -2_000n, reversal: true },
      { project: -1_500n, payee: 500n, reversal: false }, // settling payment: 500 paid, 1,000 released
    ]);
    expect(m).toEqual({ committed: 9_000n, paid: 3_500n, reversed: 2_000n, unpaid: 5_500n });
    expect(m.committed).toBe(m.paid + m.unpaid);
  });
});
