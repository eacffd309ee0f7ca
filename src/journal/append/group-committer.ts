import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ProjectionRegistry } from '../projections';
import { AppendRequest, BatchWriter, ContainedError } from './batch-writer';
import type { AppendedEntry } from './entry-draft';

interface Pending {
  request: AppendRequest;
  resolve(entries: AppendedEntry[]): void;
  reject(err: unknown): void;
}

/**
 * Group commit: appends to the same book queue up while the book's previous transaction commits,
 * then go together in one transaction (one lock, one fsync). Each book drains on its own, so
 * books never wait on each other; several service instances still serialise on the book's row
 * lock in the database. A cross-book request runs alone, locking its books in code order.
 */
export class GroupCommitter {
  private readonly logger = new Logger('Journal');
  private readonly queues = new Map<string, Pending[]>();

  constructor(
    private readonly db: DataSource,
    private readonly projections: ProjectionRegistry,
    private readonly maxBatch = 500,
  ) {}

  submit(request: AppendRequest): Promise<AppendedEntry[]> {
    return new Promise((resolve, reject) => {
      const pending = { request, resolve, reject };
      if (request.parts.length !== 1) {
        void this.run([pending]);
        return;
      }
      const book = request.parts[0].book;
      const queue = this.queues.get(book);
      if (queue) {
        queue.push(pending);
        return;
      }
      this.queues.set(book, [pending]);
      void this.drain(book);
    });
  }

  private async drain(book: string): Promise<void> {
    const queue = this.queues.get(book)!;
    try {
      while (queue.length) await this.run(queue.splice(0, this.maxBatch));
    } finally {
      this.queues.delete(book);
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    const outcomes: Array<() => void> = [];
    const qr = this.db.createQueryRunner();
    try {
      await qr.connect();
      await qr.startTransaction('READ COMMITTED');
      const writer = new BatchWriter(qr, this.projections);
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
      await writer.flush();
      await qr.commitTransaction();
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
    for (const settle of outcomes) settle();
  }
}
