import type { ClientBase } from 'pg';
import { binaryArray } from '../../database/binary-array';
import type { EntryDocument } from '../chain/entry-document';
import { paramsOf, RowsStatement, SqlStatement } from '../projections';
import { runPrepared } from './prepared';

export interface EntryRow {
  doc: EntryDocument;
  idempotencyKey: string | null;
  body: Buffer;
  prevHash: Buffer;
  hash: Buffer;
}

export interface AccountRow {
  book: string;
  account: string;
  fund: string;
  balance: bigint;
  nonNegative: boolean;
}

/**
 * Rows waiting to be written. All of them go to the database in ONE statement (data-modifying
 * CTEs over unnest'ed arrays), whatever the batch size.
 */
export class StagedRows {
  readonly entries: EntryRow[] = [];
  /** Final balance per account key: only the last value of a batch is written. */
  readonly accounts = new Map<string, AccountRow>();
  readonly funds: Array<{ fund: string; book: string; seq: number }> = [];
  readonly heads = new Map<string, { seq: number; hash: Buffer }>();
  /**
   * Statements that ride along as further data-modifying CTEs (projection rows, rows beside the
   * entries): one round trip, and PostgreSQL runs them all or none.
   */
  readonly extra: SqlStatement[] = [];
  /** What `extra` changes (SqlStatement.touches): one statement must not change a row twice. */
  private readonly touched = new Set<string>();

  get empty(): boolean {
    return this.entries.length === 0;
  }

  /** Whether one of these statements may change a row that a staged one changes (or is not known not to). */
  overlaps(statements: SqlStatement[]): boolean {
    return statements.some((s) => !s.touches || s.touches.some((k) => this.touched.has(k)));
  }

  addExtra(statements: SqlStatement[]): void {
    for (const s of statements) s.touches?.forEach((k) => this.touched.add(k));
    this.extra.push(...statements);
  }

  async write(client: ClientBase): Promise<void> {
    const extra = this.extra;
    if (this.empty) {
      for (const x of extra) await runPrepared(client, x.sql, paramsOf(x));
      return;
    }
    const ctes = this.extraCtes(31);
    await runPrepared(
      client,
      `WITH e AS (
         INSERT INTO journal_entry (book, seq, type, occurred_on, recorded_at, actor, subjects, idempotency_key, reverses_seq, body, prev_hash, hash)
         SELECT b, s, t, o, r, a, ARRAY(SELECT jsonb_array_elements_text(subj)), k, rv, body, ph, h
           FROM unnest($1::varchar[], $2::bigint[], $3::text[], $4::date[], $5::timestamptz[], $6::text[], $7::jsonb[],
                       $8::text[], $9::bigint[], $10::bytea[], $11::bytea[], $12::bytea[])
             AS x(b, s, t, o, r, a, subj, k, rv, body, ph, h)
       ), p AS (
         INSERT INTO journal_posting (book, seq, idx, account, fund_id, amount, occurred_on)
         SELECT * FROM unnest($13::varchar[], $14::bigint[], $15::smallint[], $16::text[], $17::uuid[], $18::bigint[], $19::date[])
       ), acc AS (
         INSERT INTO ledger_account (book, account, fund_id, balance, non_negative)
         SELECT * FROM unnest($20::varchar[], $21::text[], $22::uuid[], $23::bigint[], $24::boolean[])
         ON CONFLICT (book, account, fund_id) DO UPDATE SET balance = EXCLUDED.balance
       ), f AS (
         INSERT INTO ledger_fund (fund_id, book, created_seq) SELECT * FROM unnest($25::uuid[], $26::varchar[], $27::bigint[])
       )${ctes.sql}
       UPDATE journal_book jb SET head_seq = x.seq, head_hash = x.hash
         FROM unnest($28::varchar[], $29::bigint[], $30::bytea[]) AS x(code, seq, hash)
        WHERE jb.code = x.code`,
      [...this.columns((a) => a.balance), ...ctes.params],
    );
  }

  /**
   * `extra` as further CTEs (`, x0 AS (…), x1 AS (…)`) of a batch statement whose own parameters
   * end before `$first`: rows statements with the same text merged into one, each statement's `$n`
   * renumbered after those of the ones before it.
   */
  extraCtes(first: number): { sql: string; params: unknown[] } {
    let next = first;
    const ctes = mergeRows(this.extra).map((x, i) => {
      const offset = next - 1;
      const params = paramsOf(x);
      next += params.length;
      return { sql: `, x${i} AS (${x.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`, params };
    });
    return { sql: ctes.map((x) => x.sql).join(''), params: ctes.flatMap((x) => x.params) };
  }

  /**
   * The rows as the 30 column arrays ($1…$30) of the batch statements, in PostgreSQL's binary
   * format (database/binary-array.ts): entries, postings, balances (`balance` picks the value
   * written: the new balance, or its change), funds, heads.
   */
  columns(balance: (a: AccountRow) => bigint): Buffer[] {
    const e = this.entries;
    const postings = e.flatMap((r) => r.doc.postings.map((p, idx) => ({ r, p, idx })));
    const accounts = [...this.accounts.values()];
    const heads = [...this.heads];
    return [
      binaryArray(
        'varchar',
        e.map((r) => r.doc.book),
      ),
      binaryArray(
        'int8',
        e.map((r) => r.doc.seq),
      ),
      binaryArray(
        'text',
        e.map((r) => r.doc.type),
      ),
      binaryArray(
        'date',
        e.map((r) => r.doc.occurredOn),
      ),
      binaryArray(
        'timestamptz',
        e.map((r) => r.doc.recordedAt),
      ),
      binaryArray(
        'text',
        e.map((r) => r.doc.actor),
      ),
      binaryArray(
        'jsonb',
        e.map((r) => JSON.stringify(r.doc.subjects)),
      ),
      binaryArray(
        'text',
        e.map((r) => r.idempotencyKey),
      ),
      binaryArray(
        'int8',
        e.map((r) => r.doc.reverses),
      ),
      binaryArray(
        'bytea',
        e.map((r) => r.body),
      ),
      binaryArray(
        'bytea',
        e.map((r) => r.prevHash),
      ),
      binaryArray(
        'bytea',
        e.map((r) => r.hash),
      ),
      binaryArray(
        'varchar',
        postings.map((x) => x.r.doc.book),
      ),
      binaryArray(
        'int8',
        postings.map((x) => x.r.doc.seq),
      ),
      binaryArray(
        'int2',
        postings.map((x) => x.idx),
      ),
      binaryArray(
        'text',
        postings.map((x) => x.p.account),
      ),
      binaryArray(
        'uuid',
        postings.map((x) => x.p.fund),
      ),
      binaryArray(
        'int8',
        postings.map((x) => x.p.amount),
      ),
      binaryArray(
        'date',
        postings.map((x) => x.r.doc.occurredOn),
      ),
      binaryArray(
        'varchar',
        accounts.map((a) => a.book),
      ),
      binaryArray(
        'text',
        accounts.map((a) => a.account),
      ),
      binaryArray(
        'uuid',
        accounts.map((a) => a.fund),
      ),
      binaryArray(
        'int8',
        accounts.map((a) => balance(a)),
      ),
      binaryArray(
        'bool',
        accounts.map((a) => a.nonNegative),
      ),
      binaryArray(
        'uuid',
        this.funds.map((f) => f.fund),
      ),
      binaryArray(
        'varchar',
        this.funds.map((f) => f.book),
      ),
      binaryArray(
        'int8',
        this.funds.map((f) => f.seq),
      ),
      binaryArray(
        'varchar',
        heads.map(([code]) => code),
      ),
      binaryArray(
        'int8',
        heads.map(([, h]) => h.seq),
      ),
      binaryArray(
        'bytea',
        heads.map(([, h]) => h.hash),
      ),
    ];
  }

  /** Adds another set of staged rows after these (later values win). */
  merge(other: StagedRows): void {
    this.entries.push(...other.entries);
    this.addExtra(other.extra);
    for (const [k, v] of other.accounts) this.accounts.set(k, v);
    this.funds.push(...other.funds);
    for (const [k, v] of other.heads) this.heads.set(k, v);
  }
}

/** The statements in their order, those of rows with the same text merged into the first of them. */
export function mergeRows(statements: SqlStatement[]): SqlStatement[] {
  const merged: SqlStatement[] = [];
  const bySql = new Map<string, RowsStatement>();
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
