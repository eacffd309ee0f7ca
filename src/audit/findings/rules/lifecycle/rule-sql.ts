import type { EntityManager } from 'typeorm';
import { fenToYuan } from '../../../../common/money';
import { subtreePrefix } from '../../../../common/region-code';
import type { Finding, FindingScope, Severity } from '../../finding';

/** Evidence lists stop here: a finding points at the entries that show it, not at a whole year of them. */
export const EVIDENCE_LIMIT = 20;

export type Evidence = Finding['evidence'];

/**
 * The first parameters of every lifecycle query: $1/$2 bound the region subtree's 12-digit codes (a range, so
 * btree indexes on region_code/book serve it whatever the collation), $3 is the business date asOf.
 */
export function scopeParams({ regionCode, asOf }: FindingScope): [string, string, string] {
  const prefix = subtreePrefix(regionCode);
  return [prefix.padEnd(12, '0'), prefix.padEnd(12, '9'), asOf];
}

export const yuan = (fen: string | null | undefined): string => fenToYuan(BigInt(fen ?? '0'));

/** Entries aggregated in SQL as json [{book, seq}]; pg hands bigint seqs inside json back as numbers. */
export function evidenceOf(raw: unknown): Evidence {
  if (!Array.isArray(raw)) return [];
  return (raw as Array<{ book: string; seq: number | string }>)
    .slice(0, EVIDENCE_LIMIT)
    .map((e) => ({ book: e.book, seq: Number(e.seq) }));
}

/** Staleness rules: medium once over the threshold, high at twice it (the money has sat twice as long as allowed). */
export function severityByAge(age: number, threshold: number): Severity {
  return threshold > 0 && age >= 2 * threshold ? 'high' : 'medium';
}

/**
 * CTEs `ev_entry` and `ev` (project_id, type, evidence json): the entries of the given types up to asOf of the
 * projects in CTE `found` (an `id` column). One GIN scan of journal_entry.subjects for all of them: a lookup per
 * project would walk the index's pending list once per row, which under steady appends is most of the cost.
 */
export const projectEvidenceCtes = (found: string, types: string) => `
  ev_entry AS (
    SELECT e.book, e.seq, e.type, e.subjects FROM journal_entry e
     WHERE e.subjects && (SELECT array_agg('project:' || f.id::text) FROM ${found} f)
       AND e.type IN (${types}) AND e.occurred_on <= $3::date),
  ev AS (
    SELECT substr(s.subject, 9)::uuid AS project_id, ee.type,
           json_agg(json_build_object('book', ee.book, 'seq', ee.seq) ORDER BY ee.seq) AS evidence
      FROM ev_entry ee, unnest(ee.subjects) AS s(subject)
     WHERE s.subject LIKE 'project:%'
     GROUP BY 1, 2)`;

/**
 * Payments of the projects in `scoped` (a CTE with an `id` column) as they stood at the end of asOf: paid on or
 * before it and not reversed by then (a reversal dated later still counts the payment).
 */
export const paidAsOfSql = (scoped: string) => `
  SELECT d.project_id, sum(d.amount) AS paid, max(d.paid_on) AS last_paid_on,
         json_agg(json_build_object('book', d.book, 'seq', d.entry_seq) ORDER BY d.entry_seq) AS entries
    FROM disbursement d
    JOIN ${scoped} s ON s.id = d.project_id
   WHERE d.paid_on <= $3::date AND ${notReversedAsOf('d')}
   GROUP BY d.project_id`;

/** Projects of the subtree that were not cancelled or rejected by asOf (the stages below only look at live ones). */
export const LIVE_PROJECTS_SQL = `
  SELECT p.* FROM project p
   WHERE p.region_code BETWEEN $1 AND $2
     AND (p.cancelled_on IS NULL OR p.cancelled_on > $3::date)
     AND NOT (p.status = 'rejected' AND p.reviewed_on <= $3::date)`;

export async function rowsOf<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return (await em.query(sql, params)) as T[];
}

/** Operating-or-not assets of the subtree (by location) registered by asOf and not disposed of by then. */
export const HELD_ASSETS_SQL = `
  SELECT a.* FROM asset a
   WHERE a.location BETWEEN $1 AND $2 AND a.registered_on <= $3::date
     AND (a.disposed_on IS NULL OR a.disposed_on > $3::date)`;

/** `alias` (an asset_income or asset_distribution row) stood at the end of asOf: not reversed by then. */
export const notReversedAsOf = (alias: string) => `
  NOT EXISTS (SELECT 1 FROM journal_entry r
               WHERE r.book = ${alias}.book AND r.seq = ${alias}.reversed_seq AND r.occurred_on <= $3::date)`;

/** Whole months from `from` to `to` (both dates), as PostgreSQL's age() counts them. */
export const monthsBetweenSql = (from: string, to: string) =>
  `(extract(year FROM age(${to}, ${from})) * 12 + extract(month FROM age(${to}, ${from})))::int`;
