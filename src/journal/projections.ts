import type { EntityManager } from 'typeorm';
import { binaryArray, ElementType, ElementValue } from '../database/binary-array';
import type { EntryDocument } from './chain/entry-document';

/** What a projection sees of an entry: only what the journal keeps, so replay can rebuild it. */
export interface JournalRecord {
  book: string;
  seq: number;
  hash: string;
  document: EntryDocument;
}

/**
 * A read model kept in step with the journal: `apply` runs in the appending transaction for
 * each entry of the listed types, and again during a replay into a scratch schema.
 */
export interface Projection {
  name: string;
  /** Tables it writes, compared table by table by the replay check. */
  tables: string[];
  /** Entry types it handles; `entry.reversed` to undo. */
  types: string[];
  apply(em: EntityManager, record: JournalRecord): Promise<void>;
  /**
   * Optional, for hot entry types: exactly the writes `apply` makes for this record, as
   * independent INSERT/UPDATE statements (none reads another's effect, no two touch one row), so
   * the journal can send them inside the entry's own statement. Undefined → the journal calls `apply`.
   */
  statements?(record: JournalRecord): SqlStatement[] | undefined;
}

interface Touching {
  /**
   * Keys of the existing rows it changes (e.g. `project:<id>` for a project's row and its funding
   * lines); [] when it only inserts rows of its own. Given, the journal may send it in one statement
   * with other appends' statements whose keys differ (PostgreSQL does not let one statement change
   * a row twice); absent, it goes out with its own entry.
   */
  touches?: string[];
}

/** One SQL statement with `$1…` parameters. */
export interface ValuesStatement extends Touching {
  sql: string;
  params: unknown[];
}

/**
 * Rows for a statement that reads each `$n` as a column array (`unnest($1::uuid[], …)`) of the
 * element type `columns[n-1]`. The journal merges the rows of statements with the same `sql` that
 * go out together, so a batch of payments sends one INSERT of all their rows, not one per payment:
 * a statement text that does not grow with the batch, planned once and started cheaply. An UPDATE
 * … FROM unnest(…) applies only one of two rows that match one target row, silently: that is why
 * statements that change rows say which (`touches`), and the journal never sends two that share one.
 */
export interface RowsStatement extends Touching {
  sql: string;
  columns: ElementType[];
  rows: ElementValue[][];
}

export type SqlStatement = ValuesStatement | RowsStatement;

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
