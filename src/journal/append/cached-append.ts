import type { ClientBase } from 'pg';
import type { DataSource } from 'typeorm';
import { sqlState } from '../../common/errors/pg-error';
import type { ProjectionRegistry } from '../projections';
import { BatchState, NotCached } from './batch-state';
import { AppendRequest, BatchWriter, ContainedError } from './batch-writer';
import { BookCache, readsAfter, UsedRead } from './book-cache';
import type { AppendedEntry } from './entry-draft';
import { runPrepared } from './prepared';
import { cachedStatement } from './batch-statement';
import type { AccountRow, StagedRows } from './staged-rows';

export type Settle = () => void;

export interface Settled {
  resolve(entries: AppendedEntry[]): void;
  reject(err: unknown): void;
}

/** SQLSTATE classes after which a statement may or may not have committed: its appends must not be retried. */
const AMBIGUOUS = new Set(['08', '57', '58', 'XX']);

/**
 * The cached route: a batch checked against the instance's memory (BookCache) and written by one autocommit
 * statement that the database referees (cachedStatement); docs/journal.md explains why that is safe.
 */
export class CachedAppend {
  constructor(
    private readonly db: DataSource,
    private readonly projections: ProjectionRegistry,
    readonly cache = new BookCache(),
  ) {}

  accepts(requests: AppendRequest[]): boolean {
    return requests.every((r) => r.checksFirst || this.plain(r));
  }

  /** No callback, no projection: nothing to read, so the batch costs one statement whatever its size. */
  plain(r: AppendRequest): boolean {
    return (
      !r.checksFirst &&
      r.parts.every((p) => typeof p.source !== 'function' && !p.read && !this.projections.handles(p.source.type))
    );
  }

  /** True when the batch is settled (written, or refused on its own); false → take the careful route. */
  async run(batch: Array<{ request: AppendRequest } & Settled>): Promise<boolean> {
    const books = [...new Set(batch.flatMap((p) => p.request.parts.map((part) => part.book)))];
    const qr = this.db.createQueryRunner();
    try {
      const client = (await qr.connect()) as ClientBase;
      const state = BatchState.fromCache(qr, client, this.cache, books);
      if (!state) return false;
      const writer = new BatchWriter(qr, client, this.projections, state);
      await writer.loadReads(
        batch.map((p) => p.request),
        (book, read) => this.cache.get(book)?.reads.get(read.subject)?.get(read.kind),
      );
      const outcomes: Settle[] = [];
      const used: UsedRead[] = [];
      for (const p of batch) {
        try {
          const results = p.request.parts.map((part) => writer.readResult(part.read));
          const entries = await writer.process(p.request);
          p.request.parts.forEach(
            (part, i) => part.read?.after && used.push({ read: part.read, result: results[i], entry: entries[i] }),
          );
          outcomes.push(() => p.resolve(entries));
        } catch (err) {
          // A draft that is invalid in itself (shape, date, unbalanced) is refused here and now.
          if (err instanceof ContainedError) outcomes.push(() => p.reject(err.reason));
          else if (err instanceof NotCached) return false;
          else throw err;
        }
      }
      if (!writer.pending.empty) {
        try {
          await writeCheckingHeads(client, writer.pending, state);
        } catch (err) {
          this.cache.forget(books);
          const code = sqlState(err);
          if (code !== undefined && !AMBIGUOUS.has(code.slice(0, 2))) return false;
          for (const p of batch) p.reject(err);
          return true;
        }
        // Written and committed: from here on nothing may send the batch to the careful route.
        try {
          this.learn(writer.pending, state, used);
        } catch {
          this.cache.forget(books);
        }
      }
      for (const settle of outcomes) settle();
      return true;
    } finally {
      await qr.release().catch(() => undefined);
    }
  }

  private learn(rows: StagedRows, state: BatchState, used: UsedRead[]): void {
    for (const [book, head] of rows.heads) {
      const prefix = `${book}|`;
      const balances: Array<[string, bigint]> = [];
      for (const [key, a] of state.accounts)
        if (a.nonNegative && key.startsWith(prefix)) balances.push([key.slice(prefix.length), a.balance]);
      const written = rows.entries.filter((e) => e.doc.book === book).map((e) => e.doc);
      const reads = readsAfter(
        this.cache.get(book)?.reads,
        written,
        used.filter((u) => u.entry.book === book),
      );
      this.cache.remember(book, head, balances, true, reads);
    }
    for (const f of rows.funds) this.cache.rememberFund(f.fund, f.book);
  }
}

/** Writes the batch in one autocommit statement that fails whole unless every head is unmoved (cachedStatement). */
export async function writeCheckingHeads(client: ClientBase, rows: StagedRows, state: BatchState): Promise<void> {
  const starts = Array.from(rows.heads.keys(), (code) => {
    const start = state.startHeads.get(code)!;
    return { code, seq: start.seq, hash: start.hash };
  });
  const change = (a: AccountRow) => a.balance - state.baselines.get(`${a.book}|${a.account}|${a.fund}`)!;
  const statement = cachedStatement(rows.batchRows(change), starts);
  await runPrepared(client, statement, statement.values);
}
