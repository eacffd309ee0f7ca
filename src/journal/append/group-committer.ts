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

/** Group commit: a lane takes what is pending across books and writes it in one transaction or statement. */
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

  /** How many appends the next lane takes: what is pending, shared among the free lanes that could get work. */
  private share(takeable: Pending[]): number {
    const books = new Set(takeable.flatMap(booksOf)).size;
    return Math.ceil(takeable.length / Math.max(1, Math.min(this.lanes - this.lanesInUse, books)));
  }

  /** Plain drafts: two batches in flight, out of phase, so Node stages one while PostgreSQL writes the other. */
  private plainShare(takeable: Pending[]): number {
    if (this.lanesInUse > 0 || this.lanes < 2) return this.maxBatch;
    const books = new Set(takeable.flatMap(booksOf)).size;
    return Math.ceil(takeable.length / Math.min(2, books));
  }

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
