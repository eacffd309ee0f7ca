import type { DataSource } from 'typeorm';
import { parentCodeOf, subtreePrefix } from '../../common/region-code';

export interface TreeFundRow {
  id: string;
  parent_fund_id: string | null;
  book: string;
  region_code: string;
  doc_no: string;
  title: string;
  source_level: string;
  issued_on: string;
  entry_seq: string;
  depth: number;
}

export interface PostingRow {
  book: string;
  seq: string;
  fund_id: string;
  account: string;
  amount: string;
  occurred_on: string;
  reverses_seq: string | null;
  project_account: string | null;
}

/** The region and its ancestors: the fund nodes a pruned tree keeps above the region. */
export function regionPath(code: string): string[] {
  const path: string[] = [];
  for (let c: string | null = code; c; c = parentCodeOf(c)) path.push(c);
  return path;
}

/** The fund and every allocation below it (any depth), over ix_fund_parent; pruned to `regionCode`'s branches. */
export function fundTree(db: DataSource, fundId: string, regionCode?: string): Promise<TreeFundRow[]> {
  return db.query(
    `WITH RECURSIVE t AS (
       SELECT f.id, f.parent_fund_id, 0 AS depth FROM fund f WHERE f.id = $1
       UNION ALL
       SELECT f.id, f.parent_fund_id, t.depth + 1 FROM fund f JOIN t ON f.parent_fund_id = t.id
        WHERE $2::text IS NULL OR starts_with(f.region_code, $2) OR f.region_code = ANY($3::text[])
     )
     SELECT f.id, f.parent_fund_id, f.book, f.region_code, f.doc_no, f.title, f.source_level,
            f.issued_on::text AS issued_on, f.entry_seq::text AS entry_seq, t.depth
       FROM t JOIN fund f ON f.id = t.id ORDER BY t.depth, f.region_code, f.issued_on, f.id`,
    [fundId, regionCode ? subtreePrefix(regionCode) : null, regionCode ? regionPath(regionCode) : []],
  );
}

/**
 * The tree's postings up to the end of `asOf`, in one pass over (book, account, fund_id, occurred_on): sums per
 * fund and account, except payee postings, which come one by one (they are the payments) with the project
 * account paid from in the same entry and the entry they reverse.
 */
export function treePostings(db: DataSource, books: string[], fundIds: string[], asOf?: string): Promise<PostingRow[]> {
  return db.query(
    `WITH p AS (
       SELECT * FROM journal_posting
        WHERE book = ANY($1::varchar[]) AND fund_id = ANY($2::uuid[]) AND ($3::date IS NULL OR occurred_on <= $3)
     )
     SELECT NULL AS book, NULL AS seq, fund_id, account, sum(amount)::text AS amount, NULL AS occurred_on,
            NULL AS reverses_seq, NULL AS project_account
       FROM p WHERE account NOT LIKE 'payee:%' GROUP BY fund_id, account
     UNION ALL
     SELECT p.book, p.seq::text, p.fund_id, p.account, p.amount::text, p.occurred_on::text,
            e.reverses_seq::text, pr.account
       FROM p JOIN journal_entry e ON e.book = p.book AND e.seq = p.seq
       LEFT JOIN LATERAL (
         SELECT q.account FROM journal_posting q
          WHERE q.book = p.book AND q.seq = p.seq AND q.fund_id = p.fund_id AND q.account LIKE 'project:%' LIMIT 1
       ) pr ON true
      WHERE p.account LIKE 'payee:%'`,
    [books, fundIds, asOf ?? null],
  );
}

export interface DisbursementRow {
  id: string;
  book: string;
  entry_seq: string;
  reversed_seq: string | null;
  kind: string;
  payee_name: string | null;
  payee_type: string;
  voucher_no: string;
  account_no: string | null;
}

/** Descriptive fields of the payments (kind, payee, voucher, account to be masked) from the projection. */
export function disbursementsOf(db: DataSource, projectIds: string[]): Promise<DisbursementRow[]> {
  if (!projectIds.length) return Promise.resolve([]);
  return db.query(
    `SELECT d.id, d.book, d.entry_seq::text, d.reversed_seq::text, d.kind, d.payee_name, d.payee_type, d.voucher_no,
            a.account_no
       FROM disbursement d LEFT JOIN disbursement_payee_account a ON a.disbursement_id = d.id
      WHERE d.project_id = ANY($1::uuid[])`,
    [projectIds],
  );
}

export interface ProjectRow {
  id: string;
  name: string;
  region_code: string;
  status: string;
  book: string;
  approval_doc_no: string | null;
}

export function projectsOf(db: DataSource, ids: string[]): Promise<ProjectRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.query(
    `SELECT id, name, region_code, status, book, approval_doc_no FROM project WHERE id = ANY($1::uuid[])`,
    [ids],
  );
}

export interface AssetFundingRow {
  asset_id: string;
  fund_id: string;
  project_id: string;
  attributed: string;
  asset_no: string;
  name: string;
  asset_class: string;
  book: string;
  value: string;
  registered_on: string;
}

/** Assets the funds' projects formed, with the value attributed to each fund at registration. */
export function assetFundingOf(
  db: DataSource,
  fundIds: string[],
  projectIds: string[],
  asOf?: string,
): Promise<AssetFundingRow[]> {
  if (!projectIds.length) return Promise.resolve([]);
  return db.query(
    `SELECT af.asset_id, af.fund_id, af.project_id, af.amount::text AS attributed, a.asset_no, a.name, a.asset_class,
            a.book, a.value::text, a.registered_on::text
       FROM asset_funding af JOIN asset a ON a.id = af.asset_id
      WHERE af.fund_id = ANY($1::uuid[]) AND af.project_id = ANY($2::uuid[])
        AND ($3::date IS NULL OR a.registered_on <= $3)
      ORDER BY a.registered_on, a.asset_no`,
    [fundIds, projectIds, asOf ?? null],
  );
}

export interface AssetPostingRow {
  book: string;
  seq: string;
  fund_id: string;
  account: string;
  amount: string;
  occurred_on: string;
  reverses_seq: string | null;
}

/** Every posting of the assets' own funds (income, distributions, proceeds): few per asset. */
export function assetPostings(
  db: DataSource,
  books: string[],
  assetIds: string[],
  asOf?: string,
): Promise<AssetPostingRow[]> {
  if (!assetIds.length) return Promise.resolve([]);
  return db.query(
    `SELECT p.book, p.seq::text, p.fund_id, p.account, p.amount::text, p.occurred_on::text, e.reverses_seq::text
       FROM journal_posting p JOIN journal_entry e ON e.book = p.book AND e.seq = p.seq
      WHERE p.book = ANY($1::varchar[]) AND p.fund_id = ANY($2::uuid[]) AND ($3::date IS NULL OR p.occurred_on <= $3)
      ORDER BY p.book, p.seq, p.idx`,
    [books, assetIds, asOf ?? null],
  );
}
