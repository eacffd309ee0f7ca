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
  /** Null on a row of sums. */
  book: string;
  seq: string;
  fund_id: string;
  account: string;
  amount: string;
  occurred_on: string;
  project_account: string | null;
  /** Null from the query; set from reversalsIn. */
  reverses_seq: string | null;
  /** The part of `amount` in reversal entries (per payment: all or nothing); set from reversalsIn per payment. */
  reversed: string | null;
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
 * The tree's postings up to the end of `asOf`, summed per fund and account; payee postings one per payment with the
 * project account it came from (or, without `perPayment`, per fund and project). They are paired by grouping on entry
 * and fund, not by a join, which the planner would misestimate into a nested loop; a payment pays one payee per fund.
 */
export function treePostings(
  db: DataSource,
  books: string[],
  fundIds: string[],
  asOf: string | undefined,
  perPayment: boolean,
  reversalKeys: string[],
): Promise<PostingRow[]> {
  const payments = perPayment
    ? `SELECT book, seq::text, fund_id, payee_account AS account, amount::text, occurred_on::text, project_account,
              NULL AS reverses_seq, NULL AS reversed
         FROM g`
    : `SELECT '' AS book, '' AS seq, fund_id, 'payee:' AS account, sum(amount)::text, NULL, project_account, NULL,
              coalesce(sum(amount) FILTER (WHERE book || '/' || seq = ANY($4::text[])), 0)::text
         FROM g GROUP BY fund_id, project_account`;
  return db.query(
    `WITH p AS MATERIALIZED (
       SELECT book, seq, account, fund_id, amount, occurred_on FROM journal_posting
        WHERE book = ANY($1::varchar[]) AND fund_id = ANY($2::uuid[]) AND ($3::date IS NULL OR occurred_on <= $3)
     ), g AS (
       SELECT book, seq, fund_id, min(account) FILTER (WHERE account LIKE 'payee:%') AS payee_account,
              sum(amount) FILTER (WHERE account LIKE 'payee:%') AS amount, min(occurred_on) AS occurred_on,
              min(account) FILTER (WHERE account LIKE 'project:%') AS project_account
         FROM p WHERE account LIKE 'payee:%' OR account LIKE 'project:%'
        GROUP BY book, seq, fund_id HAVING bool_or(account LIKE 'payee:%')
     )
     SELECT NULL AS book, NULL AS seq, fund_id, account, sum(amount)::text AS amount, NULL AS occurred_on,
            NULL AS project_account, NULL AS reverses_seq, NULL AS reversed
       FROM p WHERE account NOT LIKE 'payee:%' GROUP BY fund_id, account
     UNION ALL
     ${payments}`,
    // $4 only where the SQL uses it: PostgreSQL cannot type a parameter it never sees.
    perPayment ? [books, fundIds, asOf ?? null] : [books, fundIds, asOf ?? null, reversalKeys],
  );
}

/**
 * Which entries of the books are corrections, and of what: over the partial unique index on reverses_seq, so
 * it costs the number of reversals, not of entries.
 */
export async function reversalsIn(db: DataSource, books: string[], asOf?: string): Promise<Map<string, number>> {
  const rows: Array<{ book: string; seq: string; reverses_seq: string }> = await db.query(
    `SELECT book, seq::text, reverses_seq::text FROM journal_entry
      WHERE book = ANY($1::varchar[]) AND reverses_seq IS NOT NULL AND ($2::date IS NULL OR occurred_on <= $2)`,
    [books, asOf ?? null],
  );
  return new Map(rows.map((r) => [`${r.book}/${r.seq}`, Number(r.reverses_seq)]));
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

/**
 * Descriptive fields of the payments (kind, payee, voucher, account to be masked) from the projection. The account
 * is looked up by key per payment: as a join, the planner hashed the whole account table for a few hundred rows.
 */
export function disbursementsOf(db: DataSource, projectIds: string[]): Promise<DisbursementRow[]> {
  if (!projectIds.length) return Promise.resolve([]);
  return db.query(
    `SELECT d.id, d.book, d.entry_seq::text, d.reversed_seq::text, d.kind, d.payee_name, d.payee_type, d.voucher_no,
            (SELECT a.account_no FROM disbursement_payee_account a WHERE a.disbursement_id = d.id) AS account_no
       FROM disbursement d
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

/**
 * The assets' income and undistributed income up to `asOf`: sums of `operation:<asset>` and `asset-income:<asset>`,
 * looked up by exact account in the posting index (the distributions' recipients are listed by the asset's own
 * back trace, which reaches them through the entries' subjects).
 */
export function assetSums(
  db: DataSource,
  books: string[],
  assetIds: string[],
  asOf?: string,
): Promise<Array<{ fund_id: string; account: string; amount: string }>> {
  if (!assetIds.length) return Promise.resolve([]);
  const accounts = assetIds.flatMap((id) => [`operation:${id}`, `asset-income:${id}`]);
  return db.query(
    `SELECT fund_id, account, sum(amount)::text AS amount FROM journal_posting
      WHERE book = ANY($1::varchar[]) AND account = ANY($2::text[]) AND fund_id = ANY($3::uuid[])
        AND ($4::date IS NULL OR occurred_on <= $4)
      GROUP BY fund_id, account`,
    [books, accounts, assetIds, asOf ?? null],
  );
}
