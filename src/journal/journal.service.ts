import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ReadRouter } from '../database/replicas/read-router';
import { DataSource, EntityManager } from 'typeorm';
import { notFound } from '../common/errors/domain-error';
import { appConfig, type AppConfig, parseAppConfig } from '../config/app.config';
import { AppendPart } from './append/batch-writer';
import type { AppendedEntry, AppendOptions, DraftSource } from './append/entry-draft';
import { GroupCommitter } from './append/group-committer';
import type { EntryDocument } from './chain/entry-document';
import { JournalRecord, Projection, ProjectionRegistry } from './projections';
import { reversalDraft } from './reversal';

export interface EntryView {
  book: string;
  seq: number;
  hash: string;
  prevHash: string;
  /** The canonical JSON that was hashed, as text. */
  canonical: string;
  document: EntryDocument;
}

interface EntryRow {
  book: string;
  seq: string;
  body: Buffer;
  prev_hash: Buffer;
  hash: Buffer;
}

const toView = (r: EntryRow): EntryView => ({
  book: r.book,
  seq: Number(r.seq),
  hash: r.hash.toString('hex'),
  prevHash: r.prev_hash.toString('hex'),
  canonical: r.body.toString('utf8'),
  document: JSON.parse(r.body.toString('utf8')) as EntryDocument,
});

/** The only writer of journal rows. */
@Injectable()
export class JournalService {
  private readonly projections = new ProjectionRegistry();
  private readonly committer: GroupCommitter;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Optional() @Inject(appConfig.KEY) config?: AppConfig,
    @Optional() private readonly reads?: ReadRouter,
  ) {
    this.committer = new GroupCommitter(db, this.projections, (config ?? parseAppConfig(process.env)).journalLanes);
  }

  /** Entries as the public pages and proofs read them: from a replica when one can answer (ReadRouter). */
  private get reader(): DataSource {
    return this.reads?.source() ?? this.db;
  }

  registerProjection(projection: Projection): void {
    this.projections.register(projection);
  }

  listProjections(): readonly Projection[] {
    return this.projections.list();
  }

  /** Runs the registered projections for one record (used by the replay check). */
  applyProjections(em: EntityManager, record: JournalRecord): Promise<void> {
    return this.projections.apply(em, record);
  }

  /** Appends one entry; `P` is its payload type, `R` the result type of `options.read`. */
  async append<P extends object, R = unknown>(
    book: string,
    source: DraftSource<P, R>,
    options: AppendOptions<R> = {},
  ): Promise<AppendedEntry<P>> {
    const { idempotencyKey, checksFirst, accounts, read } = options;
    const [entry] = await this.committer.submit({
      // The callback's R is the one `read` yields: the writer hands it read's result only.
      parts: [{ book, source: source as DraftSource, idempotencyKey, accounts, read }],
      checksFirst,
    });
    return entry as AppendedEntry<P>;
  }

  /** One entry in each book, committed together (an allocation from a province to a county). */
  async appendAcross<P extends object[]>(
    parts: [...{ [K in keyof P]: AppendPart<P[K]> }],
  ): Promise<{ [K in keyof P]: AppendedEntry<P[K]> }> {
    const entries = await this.committer.submit({ parts: parts as AppendPart[] });
    return entries as { [K in keyof P]: AppendedEntry<P[K]> };
  }

  /** Writes an `entry.reversed` entry undoing the postings of book/seq; the original stays. */
  reverse(
    book: string,
    seq: number,
    input: { reason: string; reversedOn: string; actor: string },
    idempotencyKey?: string,
  ) {
    return this.append(book, reversalDraft(book, seq, input), { idempotencyKey });
  }

  /** Whether the book holds an entry appended with this (scoped) idempotency key. */
  async hasKey(book: string, idempotencyKey: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM journal_entry WHERE book = $1 AND idempotency_key = $2 LIMIT 1`,
      [book, idempotencyKey],
    );
    return rows.length > 0;
  }

  async balance(book: string, account: string, fund: string): Promise<bigint> {
    const rows: Array<{ balance: string }> = await this.db.query(
      `SELECT balance FROM ledger_account WHERE book = $1 AND account = $2 AND fund_id = $3`,
      [book, account, fund],
    );
    return rows.length ? BigInt(rows[0].balance) : 0n;
  }

  /** The balance at the end of a business date, summed from the postings themselves. */
  async balanceAsOf(book: string, account: string, fund: string, date: string): Promise<bigint> {
    const [row]: Array<{ total: string }> = await this.db.query(
      `SELECT COALESCE(sum(amount), 0) AS total FROM journal_posting
        WHERE book = $1 AND account = $2 AND fund_id = $3 AND occurred_on <= $4`,
      [book, account, fund, date],
    );
    return BigInt(row.total);
  }

  async entry(book: string, seq: number): Promise<EntryView> {
    const rows: EntryRow[] = await this.reader.query(
      `SELECT book, seq, body, prev_hash, hash FROM journal_entry WHERE book = $1 AND seq = $2`,
      [book, seq],
    );
    if (!rows.length) throw notFound('Entry', `${book}/${seq}`);
    return toView(rows[0]);
  }

  async entries(book: string, fromSeq: number, limit: number): Promise<EntryView[]> {
    const rows: EntryRow[] = await this.reader.query(
      `SELECT book, seq, body, prev_hash, hash FROM journal_entry WHERE book = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
      [book, fromSeq, limit],
    );
    return rows.map(toView);
  }

  /** Every entry about a subject (e.g. `project:<id>`), oldest first, across books. */
  async timeline(subject: string): Promise<EntryView[]> {
    const rows: EntryRow[] = await this.reader.query(
      `SELECT book, seq, body, prev_hash, hash FROM journal_entry
        WHERE subjects @> ARRAY[$1]::text[] ORDER BY recorded_at, book, seq`,
      [subject],
    );
    return rows.map(toView);
  }
}
