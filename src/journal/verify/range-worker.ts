/** A worker of the parallel verifier (range-pool.ts): one database connection, ranges checked as they arrive. */
import { parentPort, workerData } from 'node:worker_threads';
import { Client, Query } from 'pg';
import { EntryRow, notUtf8, RANGE_SQL, RANGE_SQL_BYTES, RangeCheck, RangeResult } from './range-check';

export interface RangeWorkerData {
  connectionString: string;
}

/** One range of one book: a worker serves every book of a verification run. */
export interface RangeRequest {
  id: number;
  book: string;
  after: number;
  upto: number;
  leavesUpTo: number;
}

export type RangeReply = { id: number; result: RangeResult } | { id: number; error: string };

const { connectionString } = workerData as RangeWorkerData;
const port = parentPort!;
const client = new Client({ connectionString });
const connected = client.connect();
connected.catch(() => undefined); // reported with each range's reply below
/** The range before this one: its query must be over before the next is sent. */
let previous: Promise<unknown> = connected;
// A lost connection fails the query in flight; without a listener it would crash the thread.
client.on('error', () => undefined);

function checkStreamed(sql: string, { book, after, upto, leavesUpTo }: RangeRequest): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const check = new RangeCheck(book, after, upto, leavesUpTo);
    let failed: unknown;
    const query = client.query(new Query(sql, [book, after, upto]));
    query.on('row', (row: EntryRow) => {
      try {
        check.add(row);
      } catch (err) {
        failed ??= err; // not a finding: a fault, reported once the query is over
      }
    });
    query.on('error', reject);
    query.on('end', () => (failed ? reject(failed) : resolve(check.result())));
  });
}

port.on('message', (msg: RangeRequest | 'close') => {
  if (msg === 'close') {
    port.close();
    client.end().catch(() => undefined);
    return;
  }
  const { id } = msg;
  // One query at a time on the connection, in arrival order (pg's own queue is deprecated). A
  // range holding bytes that are not UTF-8 fails part way; it is checked again from its start.
  const result = previous
    .then(() => connected)
    .then(() => checkStreamed(RANGE_SQL, msg))
    .catch((err: { code?: string }) => (notUtf8(err) ? checkStreamed(RANGE_SQL_BYTES, msg) : Promise.reject(err)));
  previous = result.catch(() => undefined);
  result.then(
    (r) => port.postMessage({ id, result: r } satisfies RangeReply, [r.leaves.buffer as ArrayBuffer]),
    (err: unknown) =>
      port.postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies RangeReply),
  );
});
