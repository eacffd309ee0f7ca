import type { DataSource } from 'typeorm';
import { fenToYuan } from '../../common/money';
import { assetMoney } from './assets-of-funds';
import type { AssetMovementDto } from './dto/back-trace.dto';
import { entryRef } from './trace-lookups';
import { kindOf } from './totals';

const TARGET: Record<string, string> = { operation: 'income', collective: 'collective', treasury: 'treasury' };

/**
 * An asset's income and distributions, one movement per posting outside `asset-income:` (its counterpart). The
 * entries are found through their `asset:<id>` subject (GIN index), so the cost is the asset's own entries.
 */
export async function assetMovements(db: DataSource, book: string, assetId: string) {
  const rows: Array<{
    book: string;
    seq: string;
    account: string;
    amount: string;
    occurred_on: string;
    reverses_seq: string | null;
  }> = await db.query(
    `SELECT p.book, p.seq::text, p.account, p.amount::text, p.occurred_on::text, e.reverses_seq::text
       FROM journal_entry e JOIN journal_posting p ON p.book = e.book AND p.seq = e.seq
      WHERE e.book = $1 AND e.subjects @> ARRAY[$2]::text[] AND p.fund_id = $3
      ORDER BY p.seq, p.idx`,
    [book, `asset:${assetId}`, assetId],
  );
  const money = assetMoney(rows.map((r) => ({ account: r.account, amount: BigInt(r.amount) })));
  const movements: AssetMovementDto[] = rows
    .filter((r) => kindOf(r.account) !== 'asset-income')
    .map((r) => {
      const kind = kindOf(r.account);
      const target = r.account.slice(kind.length + 1);
      const household = kind === 'payee' && target.startsWith('household.') ? target.slice(10) : null;
      const amount = BigInt(r.amount);
      return {
        ...entryRef(r),
        type: household ? 'household' : (TARGET[kind] ?? 'purpose'),
        account: r.account,
        householdId: household,
        amount: fenToYuan(kind === 'operation' ? -amount : amount),
      };
    });
  return {
    income: fenToYuan(money.income),
    distributed: fenToYuan(money.distributed),
    undistributed: fenToYuan(money.undistributed),
    movements,
  };
}
