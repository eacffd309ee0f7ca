import type { KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { GENESIS_HASH } from '../chain/entry-document';
import { extendFrontier, parseCheckpointBody, rootFromFrontier, verifyCheckpointSignature } from '../merkle';
import type { Frontier } from '../merkle';
import { Bad, QueryFn, RangeResult } from './range-check';
import { defaultWorkerCount, inThreadRanges, RangeChecker, WorkerRanges } from './range-pool';

export type { QueryFn } from './range-check';

export interface VerifyReport {
  book: string;
  ok: boolean;
  entries: number;
  checkpointsChecked: number;
  firstBadSeq?: number;
  problem?: string;
}

export interface VerifyOptions {
  /** Checkpoint signatures are checked with this key when given. */
  publicKey?: KeyObject | string;
  /** Entries per range (one query each). */
  batchSize?: number;
  /** The database's URL: with it, a book of more than two ranges is checked in worker threads. */
  connectionString?: string;
  /** Worker threads for that (default: 2, or 1 on a single core); 0 keeps everything in this thread. */
  workers?: number;
}

/** verifyBook's own options, plus the range checker of a run over several books (verifyBooks), left open. */
interface BookOptions extends VerifyOptions {
  ranges?: RangeChecker;
}

interface CheckpointRow {
  tree_size: string;
  root_hash: Buffer;
  body: string;
  signature: string;
}

/** The URL a TypeORM DataSource was opened with, for verifyBook's workers. */
export function connectionStringOf(ds: DataSource): string | undefined {
  return 'url' in ds.options ? ds.options.url : undefined;
}

function parseSignedBody(text: string) {
  try {
    return parseCheckpointBody(text);
  } catch {
    return null;
  }
}

const asBuffer = (a: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The 32-byte leaf hashes at [from, from + n) of a range's leaves, as views (no copies). */
function leafViews(leaves: Uint8Array, from: number, n: number): Buffer[] {
  return Array.from({ length: n }, (_, i) => Buffer.from(leaves.buffer, leaves.byteOffset + 32 * (from + i), 32));
}

/**
 * Re-hashes a whole book in seq order, range by range: links, hashes, columns and postings against the stored bytes,
 * and the Merkle root at every signed checkpoint — which catches even a chain rewritten end to end without the key.
 */
export async function verifyBook(query: QueryFn, book: string, options: BookOptions = {}): Promise<VerifyReport> {
  const batchSize = options.batchSize ?? 5000;
  const checkpoints: CheckpointRow[] = await query(
    `SELECT tree_size, root_hash, body, signature FROM journal_checkpoint WHERE book = $1 ORDER BY tree_size`,
    [book],
  );
  let next = 0;
  let checked = 0;
  let lastGood = 0;
  let prev: Buffer = GENESIS_HASH;
  let frontier: Frontier = [];
  let treeSize = 0;
  let seq = 0;
  /** Checks the tree of `seq` leaves against the signed checkpoint at that size. */
  const checkpointReached = () => {
    const cp = checkpoints[next++];
    const signed = !options.publicKey || verifyCheckpointSignature(cp.body, cp.signature, options.publicKey);
    if (!signed) throw new Bad(lastGood + 1, `checkpoint at size ${seq} has a bad signature`);
    // Compare with what was signed, not with the row's columns, which anyone could edit.
    const body = parseSignedBody(cp.body);
    if (
      !body ||
      body.origin !== `sunshine-ledger/${book}` ||
      body.size !== seq ||
      !body.rootHash.equals(cp.root_hash)
    ) {
      throw new Bad(lastGood + 1, `checkpoint at size ${seq} does not match its signed body`);
    }
    if (!rootFromFrontier(frontier, seq).equals(body.rootHash)) {
      throw new Bad(lastGood + 1, `entries ${lastGood + 1}..${seq} do not match the signed checkpoint at size ${seq}`);
    }
    lastGood = seq;
    checked++;
  };
  /** Links a range to the one before it, folds its leaves into the tree and meets the checkpoints in it. */
  const stitch = (r: RangeResult) => {
    if (r.firstPrev && !asBuffer(r.firstPrev).equals(prev))
      throw new Bad(r.after + 1, 'prev_hash does not link to the previous entry', r.after + 1);
    const end = r.after + r.good;
    const fold = (size: number) => {
      frontier = extendFrontier(frontier, treeSize, leafViews(r.leaves, treeSize - r.after, size - treeSize));
      treeSize = size;
    };
    // A checkpoint at a size already passed is never met, as when checking entry by entry; the
    // last check below reports it.
    while (
      next < checkpoints.length &&
      Number(checkpoints[next].tree_size) > r.after &&
      Number(checkpoints[next].tree_size) <= end
    ) {
      seq = Number(checkpoints[next].tree_size);
      fold(seq);
      checkpointReached();
    }
    seq = end;
    // Past the last checkpoint there is no signed root to compare with: the leaves stop there.
    if (r.leaves.length) fold(r.after + r.leaves.length / 32);
    if (r.lastHash) prev = asBuffer(r.lastHash);
    if (r.bad) throw new Bad(r.bad.seq, r.bad.message, r.bad.entries);
  };
  let own: RangeChecker | undefined;
  try {
    // Ranges run up to the highest seq present; a missing seq is caught by the range it falls in.
    const [{ last }]: Array<{ last: string | null }> = await query(
      `SELECT max(seq) AS last FROM journal_entry WHERE book = $1`,
      [book],
    );
    const lastSeq = Number(last ?? 0);
    const leavesUpTo = checkpoints.length ? Number(checkpoints[checkpoints.length - 1].tree_size) : 0;
    // Starting workers costs ~50–100 ms: a book of one or two ranges is checked here.
    const ranges = options.ranges ?? (own = rangesFor(query, options, lastSeq > 2 * batchSize));
    const inFlight: Array<Promise<RangeResult>> = [];
    let handedOut = 0;
    const handOut = () => {
      for (; inFlight.length < ranges.window && handedOut < lastSeq; handedOut += batchSize) {
        const result = ranges.check(book, leavesUpTo, handedOut, Math.min(handedOut + batchSize, lastSeq));
        result.catch(() => undefined); // awaited in order below; one abandoned on a bad seq must not crash the process
        inFlight.push(result);
      }
    };
    handOut();
    while (inFlight.length) {
      const result = await inFlight.shift()!;
      handOut();
      stitch(result);
    }
    const [orphan]: Array<{ seq: string | null }> = await query(
      `SELECT min(seq) AS seq FROM journal_posting WHERE book = $1 AND seq > $2`,
      [book, seq],
    );
    if (orphan?.seq) throw new Bad(Number(orphan.seq), 'posting rows without an entry');
    const [head]: Array<{ head_seq: string; head_hash: Buffer }> = await query(
      `SELECT head_seq, head_hash FROM journal_book WHERE code = $1`,
      [book],
    );
    if (head && (Number(head.head_seq) !== seq || !head.head_hash.equals(prev)))
      throw new Bad(seq + 1, 'the book head does not match its last entry');
    if (next < checkpoints.length)
      throw new Bad(seq + 1, `a checkpoint at size ${checkpoints[next].tree_size} covers entries that are missing`);
    return { book, ok: true, entries: seq, checkpointsChecked: checked };
  } catch (err) {
    if (!(err instanceof Bad)) throw err;
    return {
      book,
      ok: false,
      entries: err.entries ?? seq,
      checkpointsChecked: checked,
      firstBadSeq: err.seq,
      problem: err.message,
    };
  } finally {
    await own?.close();
  }
}

/** Worker threads when there is a connection string, workers are wanted and the work is worth starting them. */
function rangesFor(query: QueryFn, options: VerifyOptions, large: boolean): RangeChecker {
  const workers = options.workers ?? defaultWorkerCount();
  return options.connectionString && workers > 0 && large
    ? new WorkerRanges(workers, { connectionString: options.connectionString })
    : inThreadRanges(query);
}

/**
 * Verifies several books with one range checker: two books at a time, so the workers stay busy while a book
 * starts or ends (its checkpoints, head and orphan queries). Reports in the order of `books`. `query` is called
 * by both at once: a pool's, not a transaction's.
 */
export async function verifyBooks(
  query: QueryFn,
  books: string[],
  options: VerifyOptions = {},
): Promise<VerifyReport[]> {
  // One book decides for itself whether it is worth starting workers for (verifyBook).
  if (books.length < 2) return Promise.all(books.map((book) => verifyBook(query, book, options)));
  const ranges = rangesFor(query, options, true);
  const reports: VerifyReport[] = new Array(books.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < books.length; i = next++)
      reports[i] = await verifyBook(query, books[i], { ...options, ranges });
  };
  try {
    await Promise.all([lane(), lane()]);
    return reports;
  } finally {
    await ranges.close();
  }
}
