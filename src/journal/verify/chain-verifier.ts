import type { KeyObject } from 'node:crypto';
import { chainHash, EntryDocument, GENESIS_HASH } from '../chain/entry-document';
import { extendFrontier, leafHash, parseCheckpointBody, rootFromFrontier, verifyCheckpointSignature } from '../merkle';
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
  /** The stored bytes as text (valid UTF-8 round-trips exactly), or as bytes on the fallback path. */
  type: string;
  occurred_on: string;
  actor: string;
  /** JSON text of the subjects column. */
  subjects: string;
  reverses_seq: string | null;
  body: string | Buffer;
  prev_hash: Buffer;
  hash: Buffer;
  /** The entry's posting rows as `idx|account|fund|amount|date;…`, or null. */
  postings: string | null;
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

/**
 * One round trip per batch of seqs (after, upto]: the entries with their posting rows folded into
 * one text column. The postings are grouped in one range scan and joined, not looked up entry by
 * entry (that correlated subquery made the database the bottleneck: 8× the time). The body comes
 * as text: bytea travels as hex, and decoding it was the largest cost left in Node.
 */
const batchSql = (body: string) => `
  SELECT e.seq, e.type, e.occurred_on::text AS occurred_on, e.actor, array_to_json(e.subjects)::text AS subjects,
         e.reverses_seq, ${body} AS body, e.prev_hash, e.hash, p.postings
    FROM journal_entry e
    LEFT JOIN (SELECT seq, string_agg(idx || '|' || account || '|' || fund_id || '|' || amount || '|' || occurred_on, ';' ORDER BY idx) AS postings
                 FROM journal_posting WHERE book = $1 AND seq > $2 AND seq <= $3 GROUP BY seq) p ON p.seq = e.seq
   WHERE e.book = $1 AND e.seq > $2 AND e.seq <= $3 ORDER BY e.seq`;
const BATCH_SQL = batchSql(`convert_from(e.body, 'UTF8')`);
/** For a batch holding bytes that are not UTF-8 (only tampering puts them there): the raw bytes. */
const BATCH_SQL_BYTES = batchSql('e.body');
const INVALID_BYTES = new Set(['22021' /* invalid byte sequence */, '22P05' /* untranslatable character */]);

function parseSignedBody(text: string) {
  try {
    return parseCheckpointBody(text);
  } catch {
    return null;
  }
}

/** The hashed document; bytes that are not the JSON the journal writes are reported, not thrown. */
function parseDocument(seq: number, body: string | Buffer): EntryDocument {
  try {
    return JSON.parse(typeof body === 'string' ? body : body.toString('utf8')) as EntryDocument;
  } catch {
    throw new Bad(seq, 'the stored bytes are not a JSON document');
  }
}

/** The queryable columns and posting rows must say exactly what the hashed document says. */
function checkColumns(book: string, seq: number, row: Row, doc: EntryDocument): void {
  const columnsAgree =
    doc.book === book &&
    doc.seq === seq &&
    doc.type === row.type &&
    doc.occurredOn === row.occurred_on &&
    doc.actor === row.actor &&
    JSON.stringify(doc.subjects) === row.subjects &&
    (doc.reverses ?? null) === (row.reverses_seq === null ? null : Number(row.reverses_seq));
  if (!columnsAgree) throw new Bad(seq, 'entry columns disagree with the hashed document');
  // Account kinds and ids never contain '|' or ';' (accounts.ts), so this encoding is unambiguous.
  if (doc.postings.some((p) => typeof p.amount !== 'string')) throw new Bad(seq, 'posting amounts in the document must be strings');
  const expected = doc.postings.length ? doc.postings.map((p, i) => `${i}|${p.account}|${p.fund}|${p.amount}|${doc.occurredOn}`).join(';') : null;
  if (expected !== row.postings) throw new Bad(seq, 'posting rows disagree with the hashed document');
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
  let treeSize = 0;
  let leaves: Buffer[] = [];
  let seq = 0;
  /** Folds the pending leaves into the tree: only its right edge is kept (constant memory). */
  const fold = () => {
    frontier = extendFrontier(frontier, treeSize, leaves);
    treeSize += leaves.length;
    leaves = [];
  };
  /** Checks the tree against the signed checkpoint at this size. */
  const checkpointReached = () => {
    fold();
    const cp = checkpoints[next++];
    const signed = !options.publicKey || verifyCheckpointSignature(cp.body, cp.signature, options.publicKey);
    if (!signed) throw new Bad(lastGood + 1, `checkpoint at size ${seq} has a bad signature`);
    // Compare with what was signed, not with the row's columns, which anyone could edit.
    const body = parseSignedBody(cp.body);
    if (!body || body.origin !== `sunshine-ledger/${book}` || body.size !== seq || !body.rootHash.equals(cp.root_hash)) {
      throw new Bad(lastGood + 1, `checkpoint at size ${seq} does not match its signed body`);
    }
    if (!rootFromFrontier(frontier, seq).equals(body.rootHash)) {
      throw new Bad(lastGood + 1, `entries ${lastGood + 1}..${seq} do not match the signed checkpoint at size ${seq}`);
    }
    lastGood = seq;
    checked++;
  };
  const fetch = (after: number): Promise<Row[]> => {
    const range = [book, after, after + batchSize];
    const rows = query(BATCH_SQL, range).catch((err: { code?: string }) => {
      if (INVALID_BYTES.has(err.code ?? '')) return query(BATCH_SQL_BYTES, range);
      throw err;
    });
    rows.catch(() => undefined); // awaited below; an abandoned prefetch must not crash the process
    return rows;
  };
  try {
    // Batches are seq ranges up to the highest seq present; a missing seq is caught in the loop.
    const [{ last }]: Array<{ last: string | null }> = await query(`SELECT max(seq) AS last FROM journal_entry WHERE book = $1`, [book]);
    const lastSeq = Number(last ?? 0);
    // Keep two batches in flight while this one is hashed: the database and Node work side by side.
    const ahead = [0, batchSize].filter((a) => a < lastSeq).map(fetch);
    for (let after = 0; after < lastSeq; after += batchSize) {
      const rows = await ahead.shift()!;
      if (after + 2 * batchSize < lastSeq) ahead.push(fetch(after + 2 * batchSize));
      for (const row of rows) {
        seq += 1;
        if (Number(row.seq) !== seq) throw new Bad(seq, `seq ${seq} is missing`);
        if (!row.prev_hash.equals(prev)) throw new Bad(seq, 'prev_hash does not link to the previous entry');
        const bytes = typeof row.body === 'string' ? Buffer.from(row.body, 'utf8') : row.body;
        const hash = chainHash(prev, bytes);
        if (!hash.equals(row.hash)) throw new Bad(seq, 'stored bytes do not hash to the stored hash');
        checkColumns(book, seq, row, parseDocument(seq, row.body));
        prev = hash;
        // Past the last checkpoint there is no signed root to compare with: skip the tree.
        if (next < checkpoints.length) leaves.push(leafHash(hash));
        while (next < checkpoints.length && Number(checkpoints[next].tree_size) === seq) checkpointReached();
      }
      if (seq < Math.min(after + batchSize, lastSeq)) throw new Bad(seq + 1, `seq ${seq + 1} is missing`);
      fold();
    }
    const [orphan]: Array<{ seq: string | null }> = await query(`SELECT min(seq) AS seq FROM journal_posting WHERE book = $1 AND seq > $2`, [book, seq]);
    if (orphan?.seq) throw new Bad(Number(orphan.seq), 'posting rows without an entry');
    const [head]: Array<{ head_seq: string; head_hash: Buffer }> = await query(`SELECT head_seq, head_hash FROM journal_book WHERE code = $1`, [book]);
    if (head && (Number(head.head_seq) !== seq || !head.head_hash.equals(prev))) throw new Bad(seq + 1, 'the book head does not match its last entry');
    if (next < checkpoints.length) throw new Bad(seq + 1, `a checkpoint at size ${checkpoints[next].tree_size} covers entries that are missing`);
    return { book, ok: true, entries: seq, checkpointsChecked: checked };
  } catch (err) {
    if (!(err instanceof Bad)) throw err;
    return { book, ok: false, entries: seq, checkpointsChecked: checked, firstBadSeq: err.seq, problem: err.message };
  }
}
