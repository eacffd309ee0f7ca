import type { DataSource } from 'typeorm';
import { fenToYuan } from '../../common/money';
import type { FundLinkDto, FundShareDto } from './dto/trace-common.dto';

interface LinkRow {
  start_id: string;
  id: string;
  doc_no: string;
  title: string;
  source_level: string;
  region_code: string;
  book: string;
  issued_on: string;
  entry_seq: string;
}

/**
 * The 文号 chains of many funds at once: one recursive query up fund.parent_fund_id (primary-key steps),
 * each chain ordered from the fund itself to the top document. Funds not in the fund table (an asset's own
 * pseudo-fund) have no chain.
 */
export async function fundChains(db: DataSource, fundIds: string[]): Promise<Map<string, FundLinkDto[]>> {
  const ids = [...new Set(fundIds)];
  const chains = new Map<string, FundLinkDto[]>();
  if (!ids.length) return chains;
  const rows: LinkRow[] = await db.query(
    `WITH RECURSIVE up AS (
       SELECT f.id AS start_id, f.id, f.parent_fund_id, 0 AS depth FROM fund f WHERE f.id = ANY($1::uuid[])
       UNION ALL
       SELECT up.start_id, p.id, p.parent_fund_id, up.depth + 1 FROM fund p JOIN up ON p.id = up.parent_fund_id
     )
     SELECT up.start_id, f.id, f.doc_no, f.title, f.source_level, f.region_code, f.book,
            f.issued_on::text AS issued_on, f.entry_seq::text AS entry_seq
       FROM up JOIN fund f ON f.id = up.id ORDER BY up.start_id, up.depth`,
    [ids],
  );
  for (const r of rows) {
    const chain = chains.get(r.start_id) ?? [];
    chain.push({
      fundId: r.id,
      docNo: r.doc_no,
      title: r.title,
      sourceLevel: r.source_level,
      regionCode: r.region_code,
      book: r.book,
      issuedOn: r.issued_on,
      entrySeq: Number(r.entry_seq),
    });
    chains.set(r.start_id, chain);
  }
  return chains;
}

export function fundShare(chains: Map<string, FundLinkDto[]>, fundId: string, amount: bigint): FundShareDto {
  const chain = chains.get(fundId) ?? [];
  return { fundId, amount: fenToYuan(amount), chain, top: chain[chain.length - 1] };
}

/** Sums per key, keeping first-seen order. */
export function sumBy<T>(items: readonly T[], key: (t: T) => string, amount: (t: T) => bigint): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const i of items) out.set(key(i), (out.get(key(i)) ?? 0n) + amount(i));
  return out;
}
