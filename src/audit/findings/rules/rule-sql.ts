import type { EntityManager } from 'typeorm';
import { fenToYuan, yuanToFen } from '../../../common/money';
import { booksOf } from '../../reconcile/reconcile';
import type { Finding, FindingScope } from '../finding';

export type Evidence = Finding['evidence'];

/** A rule's view of the scope: the books it reads (by index), the subtree's regions, and the date. */
export interface RuleScope {
  regionCode: string;
  books: string[];
  /** The subtree's own books (a township's scope reads its county's book but does not own it). */
  ownBooks: string[];
  like: string;
  asOf: string;
}

export async function ruleScope(em: EntityManager, scope: FindingScope): Promise<RuleScope> {
  return { regionCode: scope.regionCode, asOf: scope.asOf, ...(await booksOf(em, scope.regionCode)) };
}

/** A row's reversal happened after the date: by key, for the few reversed rows (a join would hash the journal). */
export const REVERSED_AFTER = (row: string, date: string) =>
  `(SELECT r.occurred_on FROM journal_entry r
     WHERE r.book = ${row}.book AND r.seq = ${row}.reversed_seq) > ${date}::date`;

/**
 * Payments that count as paid at the end of `$3`: paid by then and not reversed by then, of projects in the
 * subtree (`$1` books, `$2` region pattern). Narrow on purpose: a province has a million of them, and the rules
 * sort and group them; household heads' names are looked up for the few rows a rule reports (PAYEE_NAME).
 */
export const LIVE_PAYMENTS = `
  SELECT d.id, d.project_id, d.book, d.entry_seq, d.amount, d.paid_on, d.payee_key, d.payee_type, d.household_id,
         d.payee_name, pr.category, pr.region_code, pr.year, pr.contract_amount
    FROM disbursement d
    JOIN project pr ON pr.id = d.project_id
   WHERE d.book = ANY($1) AND pr.region_code LIKE $2 AND d.paid_on <= $3::date
     AND (d.reversed_seq IS NULL OR ${REVERSED_AFTER('d', '$3')})`;

/**
 * The payee's name for a payment row `alias` (with id and household_id): an organisation's from the payment, a
 * household by its head's name (not secret; ID numbers and accounts are).
 */
export const PAYEE_NAME = (alias: string) =>
  `coalesce(${alias}.payee_name, (SELECT h.head_name FROM household h WHERE h.id = ${alias}.household_id))`;

/** `json_agg` of (book, seq) pairs, at most 20 (enough to act on; the trace shows the rest). */
export const EVIDENCE = (book: string, seq: string, order: string) =>
  `(json_agg(json_build_object('book', ${book}, 'seq', ${seq}) ORDER BY ${order}))`;

/** Evidence lists stop here: a finding points at the entries that show it, not at a whole year of them. */
export const EVIDENCE_LIMIT = 20;

/** Entries aggregated in SQL as json [{book, seq}], as text or parsed; pg hands bigint seqs in json back as numbers. */
export function evidenceOf(value: unknown): Evidence {
  const list: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(list)) return [];
  return (list as Array<{ book: string; seq: unknown }>)
    .slice(0, EVIDENCE_LIMIT)
    .map((e) => ({ book: e.book, seq: Number(e.seq) }));
}

export const yuan = (fen: string | bigint | number | null | undefined) => fenToYuan(BigInt(fen ?? 0));
export const thresholdFen = (yuanAmount: number) => yuanToFen(yuanAmount.toFixed(2));

/** Days from `from` to `to` (ISO dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A percentage with one decimal, for sentences. */
export const percent = (part: bigint, whole: bigint) =>
  whole === 0n ? '0.0' : (Number((part * 1000n) / whole) / 10).toFixed(1);

/** A payee as a subject: a household by its id and head, anyone else by its payee key and name. */
export function payeeSubject(r: { payee_key: string; payee_name: string | null; household_id: string | null }) {
  return r.household_id
    ? { type: 'household' as const, id: r.household_id, name: r.payee_name ?? '' }
    : { type: 'payee' as const, id: r.payee_key, name: r.payee_name ?? r.payee_key };
}
