/**
 * Where the ranges of books are checked: in this thread (small books, callers without a connection string) or in
 * worker threads that each own a database connection, so hashing and parsing use more than one core. One pool
 * serves every book of a run: starting workers per book cost more than checking a county's book.
 */
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkRange, fetchRange, QueryFn, RangeResult } from './range-check';
import type { RangeReply, RangeRequest, RangeWorkerData } from './range-worker';

export interface RangeChecker {
  /** How many ranges of one book may be in flight at once (handed out, not yet consumed). */
  readonly window: number;
  /** Checks (after, upto] of `book`, keeping leaf hashes up to `leavesUpTo` (its last signed checkpoint). */
  check(book: string, leavesUpTo: number, after: number, upto: number): Promise<RangeResult>;
  close(): Promise<void>;
}

/** Two ranges read ahead while one is checked: the database and this thread work side by side. */
export function inThreadRanges(query: QueryFn): RangeChecker {
  return {
    window: 3,
    check: async (book, leavesUpTo, after, upto) =>
      checkRange(book, after, upto, await fetchRange(query, book, after, upto), leavesUpTo),
    close: async () => undefined,
  };
}

/** Two workers, or one on a single core. */
export function defaultWorkerCount(): number {
  return Math.min(2, availableParallelism());
}

interface Slot {
  worker: Worker;
  exited: Promise<void>;
  pending: Map<number, { resolve: (r: RangeResult) => void; reject: (e: Error) => void }>;
}

/**
 * From the compiled code the worker is the .js file beside this one; from TypeScript sources (jest, ts-node) it
 * registers ts-node itself first, as the crash test's writer process does.
 */
function startWorker(data: RangeWorkerData): Worker {
  const file = join(__dirname, `range-worker${extname(__filename)}`);
  if (extname(__filename) !== '.ts') return new Worker(file, { workerData: data });
  const tsNode = require.resolve('ts-node/register/transpile-only');
  return new Worker(`require(${JSON.stringify(tsNode)}); require(${JSON.stringify(file)});`, {
    eval: true,
    workerData: data,
  });
}

/** Worker threads, each with its own connection and `depth` ranges queued on it. */
export class WorkerRanges implements RangeChecker {
  readonly window: number;
  private readonly slots: Slot[];
  private nextId = 0;
  private failure?: Error;
  private closing = false;

  constructor(count: number, data: RangeWorkerData, depth = 2) {
    this.window = count * depth;
    this.slots = Array.from({ length: count }, () => {
      const worker = startWorker(data);
      const slot: Slot = {
        worker,
        exited: new Promise((resolve) => worker.once('exit', () => resolve())),
        pending: new Map(),
      };
      slot.worker.on('message', (reply: RangeReply) => {
        const waiting = slot.pending.get(reply.id);
        slot.pending.delete(reply.id);
        if ('error' in reply) waiting?.reject(new Error(reply.error));
        else waiting?.resolve(reply.result);
      });
      // A crashed or vanished worker fails what it owed and every later range: never a hang.
      slot.worker.on('error', (err) => this.fail(slot, err));
      slot.worker.on('exit', (code) => {
        if (!this.closing) this.fail(slot, new Error(`a verify worker stopped (exit code ${code})`));
      });
      return slot;
    });
  }

  check(book: string, leavesUpTo: number, after: number, upto: number): Promise<RangeResult> {
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, book, after, upto, leavesUpTo } satisfies RangeRequest);
    });
  }

  /** Lets each worker close its connection, and terminates any that has not exited within a second. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.slots.map(({ worker, exited }) => {
        worker.postMessage('close');
        const timer = setTimeout(() => void worker.terminate(), 1000);
        return exited.finally(() => clearTimeout(timer));
      }),
    );
  }

  private fail(slot: Slot, err: Error): void {
    this.failure ??= err;
    for (const waiting of slot.pending.values()) waiting.reject(err);
    slot.pending.clear();
  }
}
