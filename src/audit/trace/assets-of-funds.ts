import type { DataSource } from 'typeorm';
import { fenToYuan } from '../../common/money';
import type { AssetTraceDto } from './dto/fund-trace.dto';
import { AssetFundingRow, assetFundingOf, assetSums } from './forward-reads';
import { kindOf } from './totals';

/** a ÷ b truncated to 4 decimals, exact (no floating point). */
const ratio = (a: bigint, b: bigint) => {
  const bp = (a * 10_000n) / b;
  return `${bp / 10_000n}.${(bp % 10_000n).toString().padStart(4, '0')}`;
};

/** An asset's own money: income in from `operation:`, what is not in `asset-income:` any more was distributed. */
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
  const byAsset = new Map<string, Array<{ account: string; amount: bigint }>>();
  for (const s of await assetSums(db, books, assetIds, asOf)) {
    const list = byAsset.get(s.fund_id) ?? [];
    list.push({ account: s.account, amount: BigInt(s.amount) });
    byAsset.set(s.fund_id, list);
  }
  const out = new Map<string, AssetTraceDto[]>();
  for (const f of funding) {
    const money = assetMoney(byAsset.get(f.asset_id) ?? []);
    const value = BigInt(f.value);
    const attributed = BigInt(f.attributed);
    const key = `${f.fund_id}/${f.project_id}`;
    const list = out.get(key) ?? [];
    list.push({
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
    });
    out.set(key, list);
  }
  return out;
}
