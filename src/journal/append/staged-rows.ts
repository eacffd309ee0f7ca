import type { ClientBase } from 'pg';
import type { EntryDocument } from '../chain/entry-document';
import { paramsOf, SqlStatement } from '../projections';
import { BatchRows, carefulStatement } from './batch-statement';
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

export class StagedRows {
  readonly entries: EntryRow[] = [];
  /** Final balance per account key: only the last value of a batch is written. */
  readonly accounts = new Map<string, AccountRow>();
  readonly funds: Array<{ fund: string; book: string; seq: number }> = [];
  readonly heads = new Map<string, { seq: number; hash: Buffer }>();
  /** Statements that ride along as further data-modifying CTEs (projection rows, rows beside the entries). */
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
    if (this.empty) {
      for (const x of this.extra) await runPrepared(client, x.sql, paramsOf(x));
      return;
    }
    const statement = carefulStatement(this.batchRows());
    await runPrepared(client, statement, statement.values);
  }

  /** The rows for a batch statement; `balance` picks what is written (the new balance, or its change). */
  batchRows(balance: (a: AccountRow) => bigint = (a) => a.balance): BatchRows {
    return {
      entries: this.entries,
      accounts: Array.from(this.accounts.values(), (a) => ({
        book: a.book,
        account: a.account,
        fund: a.fund,
        balance: balance(a),
        nonNegative: a.nonNegative,
      })),
      funds: this.funds,
      heads: Array.from(this.heads, ([code, h]) => ({ code, seq: h.seq, hash: h.hash })),
      extra: this.extra,
    };
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
