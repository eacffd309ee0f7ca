import type { KeyObject } from 'node:crypto';
import { chainHash, EntryDocument, GENESIS_HASH } from '../chain/entry-document';
import { extendTree, leafHash, rootFromFrontier, verifyCheckpointSignature } from '../merkle';
import type { Frontier } from '../merkle';

/** Runs SQL and returns rows: a TypeORM DataSource's `query`, or a wrapped pg Pool (offline CLI). */
export type QueryFn = (sql: string, params?: unknown[]) => Promise<any[]>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface VerifyReport {
  book: string;
  ok: boolean;
  entries: number;
  checkpointsChecked: number;
  firstBadSeq?: number;
  problem?: string;
}

interface Row {
  seq: string;
  type: string;
  occurred_on: string;
  actor: string;
  subjects: string[];
  reverses_seq: string | null;
  body: Buffer;
  prev_hash: Buffer;
  hash: Buffer;
}

interface PostingRow {
  seq: string;
  idx: number;
  account: string;
  fund_id: string;
  amount: string;
  occurred_on: string;
}

interface CheckpointRow {
  tree_size: string;
  root_hash: Buffer;
  body: string;
  signature: string;
}

class Bad extends Error {
  constructor(
    readonly seq: number,
    message: string,
  ) {
    super(message);
  }
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The queryable columns and posting rows must say exactly what the hashed document says. */
function checkColumns(book: string, seq: number, row: Row, doc: EntryDocument, postings: PostingRow[]): void {
  const columnsAgree =
    doc.book === book &&
    doc.seq === seq &&
    doc.type === row.type &&
    doc.occurredOn === row.occurred_on &&
    doc.actor === row.actor &&
    sameList(doc.subjects, row.subjects) &&
    (doc.reverses ?? null) === (row.reverses_seq === null ? null : Number(row.reverses_seq));
  if (!columnsAgree) throw new Bad(seq, 'entry columns disagree with the hashed document');
  const postingsAgree =
    postings.length === doc.postings.length &&
    postings.every(
      (p, i) =>
        p.idx === i &&
        p.account === doc.postings[i].account &&
        p.fund_id === doc.postings[i].fund &&
        p.amount === doc.postings[i].amount &&
        p.occurred_on === doc.occurredOn,
    );
  if (!postingsAgree) throw new Bad(seq, 'posting rows disagree with the hashed document');
}

/**
 * Re-hashes a whole book in seq order, in batches (constant memory): each entry must link to the
 * previous hash, its stored bytes must hash to its stored hash, its columns and postings must
 * match those bytes, and the Merkle root recomputed at every signed checkpoint must match it —
 * which catches even a chain rewritten end to end by someone without the signing key.
 */
export async function verifyBook(
  query: QueryFn,
  book: string,
  options: { publicKey?: KeyObject | string; batchSize?: number } = {},
): Promise<VerifyReport> {
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
  let seq = 0;
  try {
    for (;;) {
      const rows: Row[] = await query(
        `SELECT seq, type, occurred_on::text, actor, subjects, reverses_seq, body, prev_hash, hash
           FROM journal_entry WHERE book = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [book, seq, batchSize],
      );
      if (!rows.length) break;
      const postings: PostingRow[] = await query(
        `SELECT seq, idx, account, fund_id, amount::text, occurred_on::text FROM journal_posting
          WHERE book = $1 AND seq > $2 AND seq <= $3 ORDER BY seq, idx`,
        [book, seq, rows[rows.length - 1].seq],
      );
      let p = 0;
      for (const row of rows) {
        seq += 1;
        if (Number(row.seq) !== seq) throw new Bad(seq, `seq ${seq} is missing`);
        if (!row.prev_hash.equals(prev)) throw new Bad(seq, 'prev_hash does not link to the previous entry');
        const hash = chainHash(prev, row.body);
        if (!hash.equals(row.hash)) throw new Bad(seq, 'stored bytes do not hash to the stored hash');
        const start = p;
        while (p < postings.length && Number(postings[p].seq) === seq) p++;
        checkColumns(book, seq, row, JSON.parse(row.body.toString('utf8')) as EntryDocument, postings.slice(start, p));
        prev = hash;
        frontier = extendTree(frontier, seq - 1, [leafHash(hash)]).frontier;
        while (next < checkpoints.length && Number(checkpoints[next].tree_size) === seq) {
          const cp = checkpoints[next++];
          const signed = !options.publicKey || verifyCheckpointSignature(cp.body, cp.signature, options.publicKey);
          if (!signed) throw new Bad(lastGood + 1, `checkpoint at size ${seq} has a bad signature`);
          if (!rootFromFrontier(frontier, seq).equals(cp.root_hash)) {
            throw new Bad(lastGood + 1, `entries ${lastGood + 1}..${seq} do not match the signed checkpoint at size ${seq}`);
          }
          lastGood = seq;
          checked++;
        }
      }
      if (p !== postings.length) throw new Bad(seq, 'posting rows without an entry');
    }
    const [head]: Array<{ head_seq: string; head_hash: Buffer }> = await query(`SELECT head_seq, head_hash FROM journal_book WHERE code = $1`, [book]);
    if (head && (Number(head.head_seq) !== seq || !head.head_hash.equals(prev))) throw new Bad(seq + 1, 'the book head does not match its last entry');
    if (next < checkpoints.length) throw new Bad(seq + 1, `a checkpoint at size ${checkpoints[next].tree_size} covers entries that are missing`);
    return { book, ok: true, entries: seq, checkpointsChecked: checked };
  } catch (err) {
    if (!(err instanceof Bad)) throw err;
    return { book, ok: false, entries: seq, checkpointsChecked: checked, firstBadSeq: err.seq, problem: err.message };
  }
}
