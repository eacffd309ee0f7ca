/** A fund node's money in fen, from its own postings grouped by account. */
export interface FundTotals {
  received: bigint;
  passedDown: bigint;
  committedUnpaid: bigint;
  paid: bigint;
  reversed: bigint;
  available: bigint;
  /** Postings in accounts the identity does not know: always zero unless the books were written by hand. */
  other: bigint;
}

export const IDENTITY =
  'received = passedDown + available + committedUnpaid + paid; committed = committedUnpaid + paid';

export const kindOf = (account: string) => account.slice(0, Math.max(0, account.indexOf(':'))) || account;

/**
 * Sorts one fund's account sums into the node's totals. Each quantity comes from its own accounts, so the
 * identity is a real check: it holds because a fund's postings sum to zero and use only these accounts.
 */
export function fundTotals(sums: ReadonlyArray<{ account: string; amount: bigint }>, reversed = 0n): FundTotals {
  const t: FundTotals = {
    received: 0n,
    passedDown: 0n,
    committedUnpaid: 0n,
    paid: 0n,
    reversed,
    available: 0n,
    other: 0n,
  };
  for (const { account, amount } of sums) {
    switch (kindOf(account)) {
      case 'source':
      case 'transfer':
        t.received -= amount;
        break;
      case 'allocated':
        t.passedDown += amount;
        break;
      case 'pool':
        t.available += amount;
        break;
      case 'project':
        t.committedUnpaid += amount;
        break;
      case 'payee':
        t.paid += amount;
        break;
      default:
        t.other += amount;
    }
  }
  return t;
}

export function isBalanced(t: FundTotals): boolean {
  return t.other === 0n && t.received === t.passedDown + t.available + t.committedUnpaid + t.paid;
}

/** A project's money from one fund, from the postings on `project:<id>`: committed = paid + unpaid. */
export interface ProjectMoney {
  committed: bigint;
  paid: bigint;
  reversed: bigint;
  unpaid: bigint;
}

/**
 * One entry's postings on a project's account for one fund (`project`) and, in the same entry and fund, on payee
 * accounts (`payee`). The payee side is the payment, so the project side of it is −payee, and the rest of the
 * project postings are commitments and releases — also in a settling payment, which releases the leftover
 * commitment in the same entry.
 */
export function projectMoney(
  entries: ReadonlyArray<{ project: bigint; payee: bigint; reversal: boolean }>,
): ProjectMoney {
  const m: ProjectMoney = { committed: 0n, paid: 0n, reversed: 0n, unpaid: 0n };
  for (const e of entries) {
    m.unpaid += e.project;
    m.paid += e.payee;
    m.committed += e.project + e.payee;
    if (e.reversal) m.reversed -= e.payee;
  }
  return m;
}
