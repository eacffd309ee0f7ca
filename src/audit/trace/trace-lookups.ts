import type { DataSource } from 'typeorm';
import type { AssetRefDto } from './dto/back-trace.dto';
import type { EntryRefDto } from './dto/trace-common.dto';
import { fundChains, fundShare } from './fund-chains';

export function entryRef(r: {
  book: string;
  seq: string;
  occurred_on: string;
  reverses_seq: string | null;
}): EntryRefDto {
  return {
    book: r.book,
    seq: Number(r.seq),
    occurredOn: r.occurred_on,
    reversesSeq: r.reverses_seq === null ? null : Number(r.reverses_seq),
  };
}

/** Assets by id with the funds behind each (their attribution, up the chains). */
export async function assetRefs(db: DataSource, assetIds: string[]): Promise<Map<string, AssetRefDto>> {
  const out = new Map<string, AssetRefDto>();
  if (!assetIds.length) return out;
  const rows: Array<{ id: string; asset_no: string; name: string; fund_id: string | null; amount: string | null }> =
    await db.query(
      `SELECT a.id, a.asset_no, a.name, af.fund_id, af.amount::text
         FROM asset a LEFT JOIN asset_funding af ON af.asset_id = a.id
        WHERE a.id = ANY($1::uuid[]) ORDER BY a.id, af.position`,
      [assetIds],
    );
  const chains = await fundChains(
    db,
    rows.flatMap((r) => (r.fund_id ? [r.fund_id] : [])),
  );
  for (const r of rows) {
    const ref = out.get(r.id) ?? { assetId: r.id, assetNo: r.asset_no, name: r.name, funds: [] };
    if (r.fund_id && r.amount) ref.funds.push(fundShare(chains, r.fund_id, BigInt(r.amount)));
    out.set(r.id, ref);
  }
  return out;
}

export interface DescribedDisbursement {
  id: string;
  project_id: string;
  project_name: string;
  book: string;
  entry_seq: string;
  reversed_seq: string | null;
  kind: string;
  amount: string;
  paid_on: string;
  payee_name: string | null;
  payee_type: string;
  voucher_no: string;
  account_no: string | null;
}

/**
 * The payments behind entries, keyed `book/seq` for the payment and for its reversal. Found through the
 * entries' `project:<id>` subjects and ix_disbursement_project, since disbursement has no index by entry.
 */
export async function disbursementsByEntry(
  db: DataSource,
  entries: ReadonlyArray<{ subjects: string[] }>,
): Promise<Map<string, DescribedDisbursement>> {
  const projectIds = [
    ...new Set(entries.flatMap((e) => e.subjects.filter((s) => s.startsWith('project:')).map((s) => s.slice(8)))),
  ];
  const out = new Map<string, DescribedDisbursement>();
  if (!projectIds.length) return out;
  const rows: DescribedDisbursement[] = await db.query(
    `SELECT d.id, d.project_id, p.name AS project_name, d.book, d.entry_seq::text, d.reversed_seq::text, d.kind,
            d.amount::text, d.paid_on::text, d.payee_name, d.payee_type, d.voucher_no, a.account_no
       FROM disbursement d JOIN project p ON p.id = d.project_id
       LEFT JOIN disbursement_payee_account a ON a.disbursement_id = d.id
      WHERE d.project_id = ANY($1::uuid[])`,
    [projectIds],
  );
  for (const d of rows) {
    out.set(`${d.book}/${d.entry_seq}`, d);
    if (d.reversed_seq) out.set(`${d.book}/${d.reversed_seq}`, d);
  }
  return out;
}
