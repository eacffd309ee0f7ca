/** The checks of one seq range (after, upto] of a book, in-thread or in a worker (range-worker.ts). */
import { chainHash, EntryDocument } from '../chain/entry-document';
import { leafHash } from '../merkle/tree-hash';

/** Runs SQL and returns rows: a TypeORM DataSource's `query`, a wrapped pg Pool or Client. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type QueryFn = (sql: string, params?: unknown[]) => Promise<any[]>;

export interface EntryRow {
  seq: string;
  type: string;
  occurred_on: string;
  actor: string;
  subjects: string;
  reverses_seq: string | null;
  /** The stored bytes as text (valid UTF-8 round-trips exactly), or as bytes on the fallback path. */
  body: string | Buffer;
  prev_hash: Buffer;
  hash: Buffer;
  /** The entry's posting rows as `idx|account|fund|amount|date;…`, or null. */
  postings: string | null;
}

/** The first problem found in a range. `entries` is what the report counts when it stops there. */
export interface RangeProblem {
  seq: number;
  message: string;
  entries: number;
}

/** What a range's checks found; plain data, so a worker can post it (leaves transferred). */
export interface RangeResult {
  after: number;
  /** Entries after+1 … after+good passed every check of their own. */
  good: number;
  /** The stored prev_hash of entry after+1, when that entry exists: the caller links it. */
  firstPrev: Uint8Array | null;
  /** The hash of entry after+good (null when good = 0). */
  lastHash: Uint8Array | null;
  /** leafHash of each good entry with seq ≤ leavesUpTo, 32 bytes each, in seq order. */
  leaves: Uint8Array;
  bad?: RangeProblem;
}

export class Bad extends Error {
  constructor(
    readonly seq: number,
    message: string,
    /** The report's entry count when different from `seq` (the caller's counter otherwise). */
    readonly entries?: number,
  ) {
    super(message);
  }
}

/** One round trip per range (after, upto]: the entries with their posting rows folded into one text column. */
const rangeSql = (body: string) => `
  SELECT e.seq, e.type, e.occurred_on::text AS occurred_on, e.actor, array_to_json(e.subjects)::text AS subjects,
         e.reverses_seq, ${body} AS body, e.prev_hash, e.hash, p.postings
    FROM journal_entry e
    LEFT JOIN (SELECT seq,
                      string_agg(idx || '|' || account || '|' || fund_id || '|' || amount || '|' || occurred_on, ';'
                         ORDER BY idx) AS postings
                 FROM journal_posting WHERE book = $1 AND seq > $2 AND seq <= $3 GROUP BY seq) p ON p.seq = e.seq
   WHERE e.book = $1 AND e.seq > $2 AND e.seq <= $3 ORDER BY e.seq`;
export const RANGE_SQL = rangeSql(`convert_from(e.body, 'UTF8')`);
/** For a range holding bytes that are not UTF-8 (only tampering puts them there): the raw bytes. */
export const RANGE_SQL_BYTES = rangeSql('e.body');
const INVALID_BYTES = new Set(['22021' /* invalid byte sequence */, '22P05' /* untranslatable character */]);

/** True for the error of RANGE_SQL on bytes that are not UTF-8: read the range with RANGE_SQL_BYTES. */
export const notUtf8 = (err: { code?: string }) => INVALID_BYTES.has(err.code ?? '');

/** The rows of (after, upto]; a range whose bytes are not UTF-8 is read again as raw bytes. */
export function fetchRange(query: QueryFn, book: string, after: number, upto: number): Promise<EntryRow[]> {
  const range = [book, after, upto];
  return query(RANGE_SQL, range).catch((err: { code?: string }) => {
    if (notUtf8(err)) return query(RANGE_SQL_BYTES, range);
    throw err;
  });
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
function checkColumns(book: string, seq: number, row: EntryRow, doc: EntryDocument): void {
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
  if (doc.postings.some((p) => typeof p.amount !== 'string'))
    throw new Bad(seq, 'posting amounts in the document must be strings');
  const expected = doc.postings.length
    ? doc.postings.map((p, i) => `${i}|${p.account}|${p.fund}|${p.amount}|${doc.occurredOn}`).join(';')
    : null;
  if (expected !== row.postings) throw new Bad(seq, 'posting rows disagree with the hashed document');
}

/** The checks of one range, fed its rows in seq order as they arrive; stops at the first problem. */
export class RangeCheck {
  private good = 0;
  private prev: Buffer | null = null;
  private firstPrev: Buffer | null = null;
  private bad?: RangeProblem;
  /** Not from Buffer's shared pool: a worker transfers this memory to the main thread. */
  private readonly leaves: Uint8Array;

  constructor(
    private readonly book: string,
    private readonly after: number,
    private readonly upto: number,
    /** Past the last checkpoint there is no signed root to compare with: no leaf needed. */
    private readonly leavesUpTo: number,
  ) {
    this.leaves = new Uint8Array(32 * Math.max(0, Math.min(upto, leavesUpTo) - after));
  }

  add(row: EntryRow): void {
    if (this.bad) return;
    try {
      this.check(row);
    } catch (err) {
      if (!(err instanceof Bad)) throw err;
      this.bad = { seq: err.seq, message: err.message, entries: err.entries ?? err.seq };
    }
  }

  result(): RangeResult {
    const end = this.after + this.good;
    if (!this.bad && end < this.upto) this.bad = { seq: end + 1, message: `seq ${end + 1} is missing`, entries: end };
    return {
      after: this.after,
      good: this.good,
      // Copies: a Buffer from pg is a view of a shared pool that posting would copy whole.
      firstPrev: this.firstPrev && new Uint8Array(this.firstPrev),
      lastHash: this.prev && new Uint8Array(this.prev),
      leaves: this.leaves.subarray(0, 32 * Math.min(this.good, Math.max(0, this.leavesUpTo - this.after))),
      bad: this.bad,
    };
  }

  private check(row: EntryRow): void {
    const seq = this.after + this.good + 1;
    if (Number(row.seq) !== seq) throw new Bad(seq, `seq ${seq} is missing`);
    if (!this.prev) this.firstPrev = row.prev_hash;
    else if (!row.prev_hash.equals(this.prev)) throw new Bad(seq, 'prev_hash does not link to the previous entry');
    const bytes = typeof row.body === 'string' ? Buffer.from(row.body, 'utf8') : row.body;
    const hash = chainHash(row.prev_hash, bytes);
    if (!hash.equals(row.hash)) throw new Bad(seq, 'stored bytes do not hash to the stored hash');
    checkColumns(this.book, seq, row, parseDocument(seq, row.body));
    if (seq <= this.leavesUpTo) this.leaves.set(leafHash(hash), 32 * this.good);
    this.prev = hash;
    this.good++;
  }
}

export function checkRange(
  book: string,
  after: number,
  upto: number,
  rows: EntryRow[],
  leavesUpTo: number,
): RangeResult {
  const check = new RangeCheck(book, after, upto, leavesUpTo);
  for (const row of rows) check.add(row);
  return check.result();
}
