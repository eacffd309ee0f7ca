import type { EntityManager } from 'typeorm';
import { binaryArray, ElementType, ElementValue } from '../database/binary-array';
import type { EntryDocument } from './chain/entry-document';

/** What a projection sees of an entry: only what the journal keeps, so replay can rebuild it. */
export interface JournalRecord<P extends object = Record<string, unknown>> {
  book: string;
  seq: number;
  hash: string;
  document: EntryDocument<P>;
}

/** The payload of an entry whose type the caller has checked, typed as its draft declared it. */
export function payloadOf<P extends object>(doc: EntryDocument<object>): P {
  return doc.payload as P;
}

/**
 * A read model kept in step with the journal: `apply` runs in the appending transaction for each entry of the
 * listed types, and again during a replay into a scratch schema.
 */
export interface Projection {
  name: string;
  /** Tables it writes, compared table by table by the replay check. */
  tables: string[];
  /** Entry types it handles; `entry.reversed` to undo. */
  types: string[];
  apply(em: EntityManager, record: JournalRecord): Promise<void>;
  /**
   * Optional, for hot entry types: exactly the writes `apply` makes for this record, as independent
   * INSERT/UPDATE statements (none reads another's effect, no two touch one row), so the journal can send them
   * inside the entry's own statement.
   */
  statements?(record: JournalRecord): SqlStatement[] | undefined;
}

interface Touching {
  /** Keys of the existing rows it changes (`project:<id>`); [] when it only inserts. */
  touches?: string[];
}

/** One SQL statement with `$1…` parameters. */
export interface ValuesStatement extends Touching {
  sql: string;
  params: unknown[];
}

/** A statement that reads each `$n` as a column array (`unnest($1::uuid[], …)`) of type `columns[n-1]`. */
export interface RowsStatement extends Touching {
  sql: string;
  columns: ElementType[];
  rows: ElementValue[][];
}

export type SqlStatement = ValuesStatement | RowsStatement;

/** A table's row as the journal writes it beside an entry: column name → value. */
export type TableRow = Record<string, ElementValue>;

/** A table whose rows the journal may insert beside entries; its column types declared once (defineTable). */
export interface RowTable<T extends TableRow> {
  name: string;
  columns: { [K in keyof T]: ElementType };
}

export function defineTable<T extends TableRow>(name: string, columns: { [K in keyof T]: ElementType }): RowTable<T> {
  return { name, columns };
}

interface InsertText {
  sql: string;
  names: string[];
  types: ElementType[];
}

/** Each table's INSERT text, built once: a statement's text is how the batch statements know its shape. */
const insertTexts = new WeakMap<RowTable<TableRow>, InsertText>();

function insertTextOf(table: RowTable<TableRow>): InsertText {
  let text = insertTexts.get(table);
  if (text === undefined) {
    const names = Object.keys(table.columns);
    const types = names.map((n) => table.columns[n]);
    const arrays = types.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
    text = { sql: `INSERT INTO ${table.name} (${names.join(', ')}) SELECT * FROM unnest(${arrays})`, names, types };
    insertTexts.set(table, text);
  }
  return text;
}

/** The INSERT of rows into a table: a rows statement that changes no existing row (`touches: []`). */
export function insertRows<T extends TableRow>(table: RowTable<T>, rows: T[]): RowsStatement {
  const { sql, names, types } = insertTextOf(table);
  return { sql, columns: types, rows: rows.map((r) => names.map((n) => r[n])), touches: [] };
}

/** The statement's parameter values: a rows statement's columns as binary arrays. */
export function paramsOf(s: SqlStatement): unknown[] {
  return 'rows' in s
    ? s.columns.map((type, i) =>
        binaryArray(
          type,
          s.rows.map((row) => row[i]),
        ),
      )
    : s.params;
}

export class ProjectionRegistry {
  private readonly all: Projection[] = [];

  register(projection: Projection): void {
    if (this.all.some((p) => p.name === projection.name))
      throw new Error(`projection ${projection.name} registered twice`);
    this.all.push(projection);
  }

  list(): readonly Projection[] {
    return this.all;
  }

  handles(type: string): boolean {
    return this.all.some((p) => p.types.includes(type));
  }

  /** The writes of every projection of this record as statements, or undefined if one needs `apply`. */
  statementsFor(record: JournalRecord): SqlStatement[] | undefined {
    const all: SqlStatement[] = [];
    for (const p of this.all) {
      if (!p.types.includes(record.document.type)) continue;
      const statements = p.statements?.(record);
      if (!statements) return undefined;
      all.push(...statements);
    }
    return all;
  }

  async apply(em: EntityManager, record: JournalRecord): Promise<void> {
    for (const p of this.all) if (p.types.includes(record.document.type)) await p.apply(em, record);
  }
}
