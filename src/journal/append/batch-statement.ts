import type { ElementType, ElementValue } from '../../database/binary-array';
import { paramsOf, SqlStatement } from '../projections';
import { Column, columnArrays, FundRow, HeadRow, JOURNAL_COLUMNS, postingArrays } from './journal-columns';
import { NamedText, namedText } from './prepared';
import type { AccountRow, EntryRow } from './staged-rows';

export { JOURNAL_COLUMNS } from './journal-columns';
export type { Column, FundRow, HeadRow, PostingRow } from './journal-columns';

/** Where the value of one `$n` is found in a batch: item `index` of the batch's parameter group `group`. */
export interface Source {
  group: string;
  index: number;
}

/** Numbers a statement's parameters as its text is built, so no `$n` is counted by hand. */
export class Params {
  readonly sources: Source[] = [];

  array(type: ElementType, group: string, index: number): string {
    return `${this.ref(group, index)}::${type}[]`;
  }

  ref(group: string, index: number): string {
    this.sources.push({ group, index });
    return `$${this.sources.length}`;
  }
}

/** `unnest(<one array per column>) AS x(<column names>)`, the columns being the arrays of `group`. */
export function unnestOf<R>(columns: Column<R>[], group: string, params: Params) {
  const ref: Record<string, string> = {};
  columns.forEach((c, i) => (ref[c.name] = params.array(c.type, group, i)));
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

/** The parameter group of the i-th extra statement. */
const extraGroup = (i: number) => `x${i}`;

const arityOf = (x: SqlStatement) => ('rows' in x ? x.columns.length : x.params.length);

/** `extra` (merged already: mergeRows) as further CTEs (`, x0 AS (…)`), each `$n` renumbered. */
export function extraCtes(extra: SqlStatement[], params: Params, gate?: string): string {
  return extra
    .map((x, i) => {
      if (!('rows' in x) && gate) throw new Error('a statement without column types cannot be gated');
      const refs = Array.from({ length: arityOf(x) }, (_, n) => {
        const ref = params.ref(extraGroup(i), n);
        return gate && 'rows' in x ? `(SELECT ${ref}::${x.columns[n]}[] FROM ${gate})` : ref;
      });
      const sql = x.sql.replace(/\$(\d+)/g, (_, n: string) => {
        const ref = refs[Number(n) - 1];
        if (ref === undefined) throw new Error(`$${n} of an extra statement has no value: ${x.sql}`);
        return ref;
      });
      return `, ${extraGroup(i)} AS (${sql})`;
    })
    .join('');
}

/** The statements in their order, those of rows with the same text merged into the first of them. */
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

/** A statement's text for one shape of batch, and where each of its parameters comes from. */
interface Shape {
  named: NamedText;
  sources: Source[];
  arities: number[];
}

/**
 * Shapes by their extra statements' texts: a text depends on nothing else, so it is built and named once.
 * The bound only guards against a caller building statement texts from data.
 */
class Shapes {
  private readonly byExtra = new Map<string, Shape>();

  constructor(private readonly build: (extra: SqlStatement[], params: Params) => string) {}

  of(extra: SqlStatement[]): Shape {
    const key = extra.map((x) => x.sql).join('\0');
    let shape = this.byExtra.get(key);
    if (shape === undefined) {
      const params = new Params();
      const text = this.build(extra, params);
      shape = { named: namedText(text), sources: params.sources, arities: extra.map(arityOf) };
      if (this.byExtra.size < 1_000) this.byExtra.set(key, shape);
    }
    return shape;
  }
}

/** A batch statement ready to run: its text, its prepared-statement name and its values. */
export interface BatchStatement extends NamedText {
  values: unknown[];
}

/** The batch's values in the order of the shape's `$n`: a table's column arrays, or an extra's parameters. */
function statementOf(shape: Shape, groups: Map<string, unknown[]>, extra: SqlStatement[]): BatchStatement {
  extra.forEach((x, i) => {
    const values = paramsOf(x);
    if (values.length !== shape.arities[i]) throw new Error(`an extra statement changed its parameters: ${x.sql}`);
    groups.set(extraGroup(i), values);
  });
  return { ...shape.named, values: shape.sources.map((s) => groups.get(s.group)![s.index]) };
}

function journalGroups(rows: BatchRows): Map<string, unknown[]> {
  const c = JOURNAL_COLUMNS;
  return new Map<string, unknown[]>([
    ['entries', columnArrays(c.journal_entry, rows.entries)],
    ['postings', postingArrays(rows.entries)],
    ['accounts', columnArrays(c.ledger_account, rows.accounts)],
    ['funds', columnArrays(c.ledger_fund, rows.funds)],
    ['heads', columnArrays(c.journal_book, rows.heads)],
  ]);
}

const careful = new Shapes((extra, p) => {
  const c = JOURNAL_COLUMNS;
  const e = insertOf('journal_entry', c.journal_entry, unnestOf(c.journal_entry, 'entries', p).sql);
  const po = insertOf('journal_posting', c.journal_posting, unnestOf(c.journal_posting, 'postings', p).sql);
  const acc = insertOf('ledger_account', c.ledger_account, unnestOf(c.ledger_account, 'accounts', p).sql);
  const f = insertOf('ledger_fund', c.ledger_fund, unnestOf(c.ledger_fund, 'funds', p).sql);
  const heads = unnestOf(c.journal_book, 'heads', p);
  return `WITH e AS (${e}), p AS (${po}),
    acc AS (${acc} ON CONFLICT (book, account, fund_id) DO UPDATE SET balance = EXCLUDED.balance),
    f AS (${f})${extraCtes(extra, p)}
    UPDATE journal_book jb SET head_seq = x.head_seq, head_hash = x.head_hash FROM ${heads.sql} WHERE jb.code = x.code`;
});

/**
 * The cached route's write. `lk` locks the books in code order; `gate` says every head is the one the batch
 * chained from. Every writing part reads `gate`, so none writes before the locks, whatever order PostgreSQL runs
 * them in; a moved head gives the entries a NULL seq, which NOT NULL refuses. Balances are written as changes.
 */
const cached = new Shapes((extra, p) => {
  const c = JOURNAL_COLUMNS;
  const gated = '(SELECT ok FROM gate)';
  // The entries' arrays come first ($1 the books of the batch's entries), as in the careful statement.
  const e = insertOf('journal_entry', c.journal_entry, unnestOf(c.journal_entry, 'entries', p).sql, {
    override: { seq: `CASE WHEN ${gated} THEN x.seq END` },
  });
  const start = unnestOf(c.journal_book, 'start', p);
  const po = unnestOf(c.journal_posting, 'postings', p).sql;
  const acc = unnestOf(c.ledger_account, 'accounts', p).sql;
  const f = unnestOf(c.ledger_fund, 'funds', p).sql;
  const heads = unnestOf(c.journal_book, 'heads', p);
  const extras = extraCtes(extra, p, 'gate WHERE gate.ok');
  const matches = 'la.book = x.book AND la.account = x.account AND la.fund_id = x.fund_id';
  return `WITH lk AS MATERIALIZED (
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
});

/** The careful route's write: the books are locked already (BatchState.lockBooks); balances are set. */
export function carefulStatement(rows: BatchRows): BatchStatement {
  const extra = mergeRows(rows.extra);
  return statementOf(careful.of(extra), journalGroups(rows), extra);
}

/** The cached route's write, refused whole unless each book's head is `starts`' one. */
export function cachedStatement(rows: BatchRows, starts: HeadRow[]): BatchStatement {
  const extra = mergeRows(rows.extra);
  const groups = journalGroups(rows).set('start', columnArrays(JOURNAL_COLUMNS.journal_book, starts));
  return statementOf(cached.of(extra), groups, extra);
}
