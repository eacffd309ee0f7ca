import type { DataSource } from 'typeorm';
import { fenToYuan } from '../../common/money';
import type { AssetMovementDto, AssetTraceDto } from './dto/fund-trace.dto';
import { AssetFundingRow, assetFundingOf, assetPostings } from './forward-reads';
import { kindOf } from './totals';

const RECIPIENT: Record<string, string> = { collective: 'collective', treasury: 'treasury' };

/** a ÷ b truncated to 4 decimals, exact (no floating point). */
const ratio = (a: bigint, b: bigint) => {
  const bp = (a * 10_000n) / b;
  return `${bp / 10_000n}.${(bp % 10_000n).toString().padStart(4, '0')}`;
};

/** An asset's own money: income in from `operation:`, distributed to payees / collective / treasury. */
export function assetMoney(postings: ReadonlyArray<{ account: string; amount: bigint }>) {
  let income = 0n;
  let undistributed = 0n;
  for (const p of postings) {
    const kind = kindOf(p.account);
    if (kind === 'operation') income -= p.amount;
    else if (kind === 'asset-income') undistributed += p.amount;
  }
  return { income, undistributed, distributed: income - undistributed };
}

function movement(p: {
  book: string;
  seq: string;
  account: string;
  amount: string;
  occurred_on: string;
  reverses_seq: string | null;
}): AssetMovementDto {
  const kind = kindOf(p.account);
  const target = p.account.slice(kind.length + 1);
  const household = kind === 'payee' && target.startsWith('household.') ? target.slice('household.'.length) : null;
  return {
    book: p.book,
    seq: Number(p.seq),
    occurredOn: p.occurred_on,
    reversesSeq: p.reverses_seq === null ? null : Number(p.reverses_seq),
    recipientType: household ? 'household' : (RECIPIENT[kind] ?? 'purpose'),
    account: p.account,
    householdId: household,
    amount: fenToYuan(BigInt(p.amount)),
  };
}

/**
 * The assets formed by the given projects, per fund and project: the value attributed to that fund, and the
 * asset's income and distributions up to `asOf` (its own totals, not split over funds).
 */
export async function assetsByFundProject(
  db: DataSource,
  fundIds: string[],
  projectIds: string[],
  asOf?: string,
): Promise<Map<string, AssetTraceDto[]>> {
  const funding: AssetFundingRow[] = await assetFundingOf(db, fundIds, projectIds, asOf);
  const assetIds = [...new Set(funding.map((f) => f.asset_id))];
  const books = [...new Set(funding.map((f) => f.book))];
  const postings = await assetPostings(db, books, assetIds, asOf);
  const byAsset = new Map<string, typeof postings>();
  for (const p of postings) byAsset.set(p.fund_id, [...(byAsset.get(p.fund_id) ?? []), p]);

  const out = new Map<string, AssetTraceDto[]>();
  for (const f of funding) {
    const rows = byAsset.get(f.asset_id) ?? [];
    const money = assetMoney(rows.map((r) => ({ account: r.account, amount: BigInt(r.amount) })));
    const value = BigInt(f.value);
    const attributed = BigInt(f.attributed);
    const key = `${f.fund_id}/${f.project_id}`;
    out.set(key, [
      ...(out.get(key) ?? []),
      {
        assetId: f.asset_id,
        assetNo: f.asset_no,
        name: f.name,
        assetClass: f.asset_class,
        registeredOn: f.registered_on,
        value: fenToYuan(value),
        attributed: fenToYuan(attributed),
        share: ratio(attributed, value),
        income: fenToYuan(money.income),
        distributed: fenToYuan(money.distributed),
        undistributed: fenToYuan(money.undistributed),
        distributions: rows.filter((r) => !['operation', 'asset-income'].includes(kindOf(r.account))).map(movement),
      },
    ]);
  }
  return out;
}
