/**
 * A worker thread of the parallel verifier (range-pool.ts): it owns one database connection and
 * checks the seq ranges it is sent with range-check.ts, in the order they arrive. Requests are
 * queued on the connection at once, so the server reads the next range while this one is hashed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { checkRange, fetchRange, RangeResult } from './range-check';

export interface RangeWorkerData {
  connectionString: string;
  book: string;
  leavesUpTo: number;
}

export interface RangeRequest {
  id: number;
  after: number;
  upto: number;
}

export type RangeReply = { id: number; result: RangeResult } | { id: number; error: string };

const { connectionString, book, leavesUpTo } = workerData as RangeWorkerData;
const port = parentPort!;
const client = new Client({ connectionString });
const connected = client.connect();
connected.catch(() => undefined); // reported with each range's reply below
// A lost connection fails the query in flight; without a listener it would crash the thread.
client.on('error', () => undefined);

port.on('message', (msg: RangeRequest | 'close') => {
  if (msg === 'close') {
    port.close();
    client.end().catch(() => undefined);
    return;
  }
  const { id, after, upto } = msg;
  connected
    .then(() => fetchRange((sql, params) => client.query(sql, params).then((r) => r.rows), book, after, upto))
    .then((rows) => {
      const result = checkRange(book, after, upto, rows, leavesUpTo);
      port.postMessage({ id, result } satisfies RangeReply, [result.leaves.buffer as ArrayBuffer]);
    })
    .catch((err: unknown) => port.postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies RangeReply));
});
