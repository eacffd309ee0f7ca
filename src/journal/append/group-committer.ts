import { Logger } from '@nestjs/common';
import type { ClientBase } from 'pg';
import type { DataSource } from 'typeorm';
import type { ProjectionRegistry } from '../projections';
import type { BatchState } from './batch-state';
import { AppendRequest, BatchWriter, ContainedError } from './batch-writer';
import { CachedAppend } from './cached-append';
import type { AppendedEntry } from './entry-draft';

interface Pending {
  request: AppendRequest;
  resolve(entries: AppendedEntry[]): void;
  reject(err: unknown): void;
}

const booksOf = (p: Pending) => p.request.parts.map((part) => part.book);

/**
 * Group commit. Appends wait (one event-loop turn at most) for the next free lane; a lane takes
 * whatever is pending — across books — and writes it in one transaction: one lock per book, one
 * statement for all rows, one fsync. A book is in at most one lane at a time, so each book's
 * appends keep their order and lanes never wait on each other's locks; several lanes (and several
 * service instances) work in parallel, serialised per book by the book's row lock.
 * TigerBeetle's batching, applied inside PostgreSQL.
 *
 * A batch of plain drafts or checksFirst callbacks first tries the cached route (CachedAppend:
 * one statement, checked against what this instance remembers of the books); the careful route
 * below — locks, load, write, commit — takes every other batch, and any the cached route hands back.
 */
export class GroupCommitter {
  private readonly logger = new Logger('Journal');
  private readonly queue: Pending[] = [];
  private readonly busyBooks = new Set<string>();
  private lanesInUse = 0;
  private scheduled = false;
  private readonly cached: CachedAppend;

  constructor(
    private readonly db: DataSource,
    private readonly projections: ProjectionRegistry,
    private readonly lanes: number,
    private readonly maxBatch = 256,
  ) {
    this.cached = new CachedAppend(db, projections);
  }

  submit(request: AppendRequest): Promise<AppendedEntry[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.schedule();
    });
  }

  /** Lets the callers released by the last commit queue up before the next batch is taken. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.fill();
    });
  }

  private fill(): void {
    while (this.lanesInUse < this.lanes) {
      const takeable = this.queue.filter((p) => !booksOf(p).some((b) => this.busyBooks.has(b)));
      if (!takeable.length) return;
      const batch = this.take(
        takeable.every((p) => this.cached.plain(p.request)) ? this.plainShare(takeable) : this.share(takeable),
      );
      const books = new Set(batch.flatMap(booksOf));
      books.forEach((b) => this.busyBooks.add(b));
      this.lanesInUse++;
      void this.runBatch(batch).finally(() => {
        books.forEach((b) => this.busyBooks.delete(b));
        this.lanesInUse--;
        if (this.queue.length) this.schedule();
      });
    }
  }

  /**
   * How many appends the next lane should take: what is pending shared among the free lanes that
   * could actually get work (a book is in one lane at a time, so one busy book fills one lane).
   */
  private share(takeable: Pending[]): number {
    const books = new Set(takeable.flatMap(booksOf)).size;
    return Math.ceil(takeable.length / Math.max(1, Math.min(this.lanes - this.lanesInUse, books)));
  }

  /**
   * Plain drafts cost one statement per batch, whose fixed part (plan start, commit, fsync: ~0.45 ms
   * of PostgreSQL CPU) is better shared by many appends; but one batch at a time leaves Node idle
   * while PostgreSQL writes and PostgreSQL idle while Node stages the next (one core of two busy).
   * So they go in two batches in flight, out of phase: when no lane is busy what is pending is
   * split in two (if it spans two books at least); while one is busy the next takes all that is
   * pending, staged while the other is written (docs/benchmarks.md, session 6).
   */
  private plainShare(takeable: Pending[]): number {
    if (this.lanesInUse > 0 || this.lanes < 2) return this.maxBatch;
    const books = new Set(takeable.flatMap(booksOf)).size;
    return Math.ceil(takeable.length / Math.min(2, books));
  }

  /** The oldest pending appends whose books no lane is writing, in arrival order. */
  private take(share: number): Pending[] {
    const batch: Pending[] = [];
    const blocked = new Set(this.busyBooks);
    const limit = Math.min(share, this.maxBatch);
    for (let i = 0; i < this.queue.length && batch.length < limit;) {
      const books = booksOf(this.queue[i]);
      if (books.some((b) => blocked.has(b))) {
        // Keep per-book order: nothing of this book may overtake the blocked append.
        books.forEach((b) => blocked.add(b));
        i++;
        continue;
      }
      batch.push(...this.queue.splice(i, 1));
    }
    return batch;
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    if (this.cached.accepts(batch.map((p) => p.request))) {
      const settled = await this.cached.run(batch).catch((err: unknown) => {
        this.logger.warn({ err }, 'cached append failed; taking the careful route');
        return false;
      });
      if (settled) return;
    }
    await this.run(batch);
  }

  /** The careful route: one transaction holding the books' locks. */
  private async run(batch: Pending[]): Promise<void> {
    const outcomes: Array<() => void> = [];
    let committed: BatchState | undefined;
    const qr = this.db.createQueryRunner();
    try {
      const client = (await qr.connect()) as ClientBase;
      // PostgreSQL's default READ COMMITTED: the row locks below make it enough.
      await qr.startTransaction();
      const writer = new BatchWriter(qr, client, this.projections);
      await writer.begin(batch.map((p) => p.request));
      for (const p of batch) {
        try {
          const entries = await writer.process(p.request);
          outcomes.push(() => p.resolve(entries));
        } catch (err) {
          if (!(err instanceof ContainedError)) throw err;
          outcomes.push(() => p.reject(err.reason));
        }
      }
      await writer.finish();
      await qr.commitTransaction();
      committed = writer.state;
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      await qr.release();
      if (batch.length > 1) {
        // One bad request must not fail its neighbours: retry each on its own.
        this.logger.warn({ err, size: batch.length }, 'batch failed; retrying its appends one by one');
        for (const p of batch) await this.run([p]);
      } else {
        batch[0].reject(err);
      }
      return;
    }
    await qr.release();
    committed!.rememberIn(this.cached.cache);
    for (const settle of outcomes) settle();
  }
}
