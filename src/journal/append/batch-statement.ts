import { binaryArray, ElementType, ElementValue } from '../../database/binary-array';
import { paramsOf, SqlStatement } from '../projections';
import type { AccountRow, EntryRow } from './staged-rows';

/** A column of a journal table as the batch statements send it: one array parameter per column. */
export interface Column<R> {
  name: string;
  type: ElementType;
  value(row: R): ElementValue;
  select?: string;
}

const col = <R>(name: string, type: ElementType, value: (row: R) => ElementValue, select?: string): Column<R> => ({
  name,
  type,
  value,
  select,
});

export interface PostingRow {
  entry: EntryRow;
  idx: number;
}
export interface FundRow {
  fund: string;
  book: string;
  seq: number;
}
export interface HeadRow {
  code: string;
  seq: number;
  hash: Buffer;
}

/** The one list of the journal's columns: both batch statements (careful and cached) are built from it. */
export const JOURNAL_COLUMNS = {
  journal_entry: [
    col<EntryRow>('book', 'varchar', (r) => r.doc.book),
    col<EntryRow>('seq', 'int8', (r) => r.doc.seq),
    col<EntryRow>('type', 'text', (r) => r.doc.type),
    col<EntryRow>('occurred_on', 'date', (r) => r.doc.occurredOn),
    col<EntryRow>('recorded_at', 'timestamptz', (r) => r.doc.recordedAt),
    col<EntryRow>('actor', 'text', (r) => r.doc.actor),
    // A text[] array parameter cannot hold rows of different lengths, so each row's subjects travel as JSON.
    col<EntryRow>(
      'subjects',
      'jsonb',
      (r) => JSON.stringify(r.doc.subjects),
      'ARRAY(SELECT jsonb_array_elements_text(x.subjects))',
    ),
    col<EntryRow>('idempotency_key', 'text', (r) => r.idempotencyKey),
    col<EntryRow>('reverses_seq', 'int8', (r) => r.doc.reverses),
    col<EntryRow>('body', 'bytea', (r) => r.body),
    col<EntryRow>('prev_hash', 'bytea', (r) => r.prevHash),
    col<EntryRow>('hash', 'bytea', (r) => r.hash),
  ],
  journal_posting: [
    col<PostingRow>('book', 'varchar', (r) => r.entry.doc.book),
    col<PostingRow>('seq', 'int8', (r) => r.entry.doc.seq),
    col<PostingRow>('idx', 'int2', (r) => r.idx),
    col<PostingRow>('account', 'text', (r) => r.entry.doc.postings[r.idx].account),
    col<PostingRow>('fund_id', 'uuid', (r) => r.entry.doc.postings[r.idx].fund),
    col<PostingRow>('amount', 'int8', (r) => r.entry.doc.postings[r.idx].amount),
    col<PostingRow>('occurred_on', 'date', (r) => r.entry.doc.occurredOn),
  ],
  ledger_account: [
    col<AccountRow>('book', 'varchar', (a) => a.book),
    col<AccountRow>('account', 'text', (a) => a.account),
    col<AccountRow>('fund_id', 'uuid', (a) => a.fund),
    col<AccountRow>('balance', 'int8', (a) => a.balance),
    col<AccountRow>('non_negative', 'bool', (a) => a.nonNegative),
  ],
  ledger_fund: [
    col<FundRow>('fund_id', 'uuid', (f) => f.fund),
    col<FundRow>('book', 'varchar', (f) => f.book),
    col<FundRow>('created_seq', 'int8', (f) => f.seq),
  ],
  journal_book: [
    col<HeadRow>('code', 'varchar', (h) => h.code),
    col<HeadRow>('head_seq', 'int8', (h) => h.seq),
    col<HeadRow>('head_hash', 'bytea', (h) => h.hash),
  ],
};

/** The parameters of one statement: each value added where the text needs it, so no `$n` is counted by hand. */
export class Params {
  readonly values: unknown[] = [];

  array(type: ElementType, values: ElementValue[]): string {
    this.values.push(binaryArray(type, values));
    return `$${this.values.length}::${type}[]`;
  }

  value(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** `unnest(<one array per column>) AS x(<column names>)`, and each column's parameter. */
export function unnestOf<R>(columns: Column<R>[], rows: R[], params: Params) {
  const ref = Object.fromEntries(
    columns.map(
      (c) =>
        [
          c.name,
          params.array(
            c.type,
            rows.map((r) => c.value(r)),
          ),
        ] as const,
    ),
  );
  return { sql: `unnest(${Object.values(ref).join(', ')}) AS x(${columns.map((c) => c.name).join(', ')})`, ref };
}

/** `INSERT INTO table (…) SELECT … FROM unnest(…)`, a column's select replaced where `override` says. */
export function insertOf<R>(
  table: string,
  columns: Column<R>[],
  from: string,
  options: { where?: string; override?: Record<string, string> } = {},
): string {
  const selects = columns.map((c) => options.override?.[c.name] ?? c.select ?? `x.${c.name}`);
  return (
    `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) SELECT ${selects.join(', ')} FROM ${from}` +
    (options.where ? ` WHERE ${options.where}` : '')
  );
}

/** `extra` as further CTEs (`, x0 AS (…)`), rows statements of one text merged, each `$n` renumbered. */
export function extraCtes(extra: SqlStatement[], params: Params, gate?: string): string {
  return mergeRows(extra)
    .map((x, i) => {
      const values = paramsOf(x);
      const refs = values.map((v, n) => {
        if (!('rows' in x) && gate) throw new Error('a statement without column types cannot be gated');
        if (!gate || !('rows' in x)) return params.value(v);
        return `(SELECT ${params.value(v)}::${x.columns[n]}[] FROM ${gate})`;
      });
      return `, x${i} AS (${x.sql.replace(/\$(\d+)/g, (_, n: string) => refs[Number(n) - 1])})`;
    })
    .join('');
}

export function mergeRows(statements: SqlStatement[]): SqlStatement[] {
  const merged: SqlStatement[] = [];
  const bySql = new Map<string, SqlStatement & { rows: ElementValue[][] }>();
  for (const s of statements) {
    if (!('rows' in s)) {
      merged.push(s);
      continue;
    }
    const into = bySql.get(s.sql);
    if (into) {
      into.rows.push(...s.rows);
    } else {
      const copy = { ...s, rows: [...s.rows] };
      bySql.set(s.sql, copy);
      merged.push(copy);
    }
  }
  return merged;
}

export interface BatchRows {
  entries: EntryRow[];
  accounts: AccountRow[];
  funds: FundRow[];
  heads: HeadRow[];
  extra: SqlStatement[];
}

const postingsOf = (entries: EntryRow[]): PostingRow[] =>
  entries.flatMap((entry) => entry.doc.postings.map((_, idx) => ({ entry, idx })));

/** The careful route's write: the books are locked already (BatchState.lockBooks); balances are set. */
export function carefulStatement(rows: BatchRows): { text: string; values: unknown[] } {
  const c = JOURNAL_COLUMNS;
  const p = new Params();
  const e = insertOf('journal_entry', c.journal_entry, unnestOf(c.journal_entry, rows.entries, p).sql);
  const po = insertOf(
    'journal_posting',
    c.journal_posting,
    unnestOf(c.journal_posting, postingsOf(rows.entries), p).sql,
  );
  const acc = insertOf('ledger_account', c.ledger_account, unnestOf(c.ledger_account, rows.accounts, p).sql);
  const f = insertOf('ledger_fund', c.ledger_fund, unnestOf(c.ledger_fund, rows.funds, p).sql);
  const heads = unnestOf(c.journal_book, rows.heads, p);
  const text = `WITH e AS (${e}), p AS (${po}),
    acc AS (${acc} ON CONFLICT (book, account, fund_id) DO UPDATE SET balance = EXCLUDED.balance),
    f AS (${f})${extraCtes(rows.extra, p)}
    UPDATE journal_book jb SET head_seq = x.head_seq, head_hash = x.head_hash FROM ${heads.sql} WHERE jb.code = x.code`;
  return { text, values: p.values };
}

/**
 * The cached route's write. `lk` locks the books in code order; `gate` says every head is the one the batch
 * chained from. Every writing part reads `gate`, so none writes before the locks, whatever order PostgreSQL runs
 * them in; a moved head gives the entries a NULL seq, which NOT NULL refuses. Balances are written as changes.
 */
export function cachedStatement(rows: BatchRows, starts: HeadRow[]): { text: string; values: unknown[] } {
  const c = JOURNAL_COLUMNS;
  const p = new Params();
  const start = unnestOf(c.journal_book, starts, p);
  const gated = '(SELECT ok FROM gate)';
  const e = insertOf('journal_entry', c.journal_entry, unnestOf(c.journal_entry, rows.entries, p).sql, {
    override: { seq: `CASE WHEN ${gated} THEN x.seq END` },
  });
  const po = unnestOf(c.journal_posting, postingsOf(rows.entries), p).sql;
  const acc = unnestOf(c.ledger_account, rows.accounts, p).sql;
  const f = unnestOf(c.ledger_fund, rows.funds, p).sql;
  const heads = unnestOf(c.journal_book, rows.heads, p);
  const extras = extraCtes(rows.extra, p, 'gate WHERE gate.ok');
  const matches = 'la.book = x.book AND la.account = x.account AND la.fund_id = x.fund_id';
  const text = `WITH lk AS MATERIALIZED (
      SELECT jb.code, (jb.head_seq = x.head_seq AND jb.head_hash = x.head_hash) AS ok
        FROM journal_book jb JOIN ${start.sql} ON jb.code = x.code
       WHERE jb.code = ANY(${start.ref.code}) ORDER BY jb.code FOR UPDATE OF jb
    ), gate AS MATERIALIZED (
      SELECT count(*) = cardinality(${start.ref.code}) AND coalesce(bool_and(ok), false) AS ok FROM lk
    ), e AS (${e}), p AS (${insertOf('journal_posting', c.journal_posting, po, { where: gated })}),
    acc AS (UPDATE ledger_account la SET balance = la.balance + x.balance FROM ${acc} WHERE ${matches} AND ${gated}),
    acc_new AS (${insertOf('ledger_account', c.ledger_account, acc, {
      where: `${gated} AND NOT EXISTS (SELECT FROM ledger_account la WHERE ${matches})`,
    })}),
    f AS (${insertOf('ledger_fund', c.ledger_fund, f, { where: gated })})${extras}
    UPDATE journal_book jb SET head_seq = x.head_seq, head_hash = x.head_hash FROM ${heads.sql}
     WHERE jb.code = x.code AND jb.code = ANY(${heads.ref.code}) AND ${gated}`;
  return { text, values: p.values };
}
