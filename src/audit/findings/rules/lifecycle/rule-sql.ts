import type { EntityManager } from 'typeorm';
import { subtreePrefix } from '../../../../common/region-code';
import { PROJECT_ENTRY_TYPES } from '../../../../projects/projects.projection';
import type { FindingScope, Severity } from '../../finding';
import { REVERSED_AFTER } from '../rule-sql';

export { EVIDENCE_LIMIT, evidenceOf, yuan, type Evidence } from '../rule-sql';

/**
 * The first parameters of every lifecycle query: $1/$2 bound the region subtree's 12-digit codes (a range, so
 * btree indexes on region_code/book serve it whatever the collation), $3 is the business date asOf.
 */
export function scopeParams({ regionCode, asOf }: FindingScope): [string, string, string] {
  const prefix = subtreePrefix(regionCode);
  return [prefix.padEnd(12, '0'), prefix.padEnd(12, '9'), asOf];
}

/** Staleness rules: medium once over the threshold, high at twice it (the money has sat twice as long as allowed). */
export function severityByAge(age: number, threshold: number): Severity {
  return threshold > 0 && age >= 2 * threshold ? 'high' : 'medium';
}

/** The predicate of ix_journal_entry_project_step (its migration keeps its own copy; a unit spec compares them). */
export const PROJECT_STEP_TYPES_SQL = PROJECT_ENTRY_TYPES.map((t) => `'${t}'`).join(', ');

/**
 * The step entry of project `p` (alias with id and book) of the given type on the given date, as json evidence.
 * By book, type and date through ix_journal_entry_project_step (whose predicate the type list repeats); the
 * subject is matched with = ANY so the planner does not reach for the subjects GIN index, whose pending list a
 * lookup per finding would walk again and again.
 */
export const stepEntrySql = (p: string, type: string, on: string) => `
  (SELECT json_agg(json_build_object('book', e.book, 'seq', e.seq) ORDER BY e.seq)
     FROM journal_entry e
    WHERE e.book = ${p}.book AND e.type IN (${PROJECT_STEP_TYPES_SQL}) AND e.type = ${type}
      AND e.occurred_on = ${on} AND 'project:' || ${p}.id::text = ANY (e.subjects))`;

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

/**
 * Projects of the subtree that were not cancelled or rejected by asOf (the stages below only look at live ones),
 * with the columns the rules read: a CTE read twice is materialised, and whole project rows would spill to disk.
 */
export const LIVE_PROJECTS_SQL = `
  SELECT p.id, p.book, p.name, p.category, p.applied_on, p.approved_on, p.started_on, p.completed_on, p.accepted_on,
         p.acceptance_result, p.final_cost, p.retention, p.retention_due_on
    FROM project p
   WHERE p.region_code BETWEEN $1 AND $2
     AND (p.cancelled_on IS NULL OR p.cancelled_on > $3::date)
     AND NOT (p.status = 'rejected' AND p.reviewed_on <= $3::date)`;

/** A rule's statement, typed; the engine runs the rules in one snapshot (audit-snapshot.ts), JIT off as everywhere. */
export function rowsOf<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.query(sql, params);
}

/** Assets of the subtree (by location) registered by asOf and not disposed of by then; the columns the rules read. */
export const HELD_ASSETS_SQL = `
  SELECT a.id, a.book, a.name, a.asset_no, a.asset_class, a.village_code, a.value, a.registered_on, a.entry_seq
    FROM asset a
   WHERE a.location BETWEEN $1 AND $2 AND a.registered_on <= $3::date
     AND (a.disposed_on IS NULL OR a.disposed_on > $3::date)`;

/**
 * `alias` (a disbursement, asset_income or asset_distribution row) stood at the end of asOf: not reversed, or
 * reversed by an entry dated later. A subquery by primary key, run only for the few reversed rows (an anti-join
 * would hash the whole journal).
 */
export const notReversedAsOf = (alias: string) => `(${alias}.reversed_seq IS NULL OR ${REVERSED_AFTER(alias, '$3')})`;

/** Whole months from `from` to `to` (both dates), as PostgreSQL's age() counts them. */
export const monthsBetweenSql = (from: string, to: string) =>
  `(extract(year FROM age(${to}, ${from})) * 12 + extract(month FROM age(${to}, ${from})))::int`;
