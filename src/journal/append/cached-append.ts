import type { ClientBase } from 'pg';
import type { DataSource } from 'typeorm';
import { sqlState } from '../../common/errors/pg-error';
import { binaryArray } from '../../database/binary-array';
import type { ProjectionRegistry } from '../projections';
import { BatchState, NotCached } from './batch-state';
import { AppendRequest, BatchWriter, ContainedError } from './batch-writer';
import { BookCache, readsAfter, UsedRead } from './book-cache';
import type { AppendedEntry } from './entry-draft';
import { runPrepared } from './prepared';
import type { StagedRows } from './staged-rows';

/** How an append of a batch ends: settled after the batch's outcome is known. */
export type Settle = () => void;

export interface Settled {
  resolve(entries: AppendedEntry[]): void;
  reject(err: unknown): void;
}

/**
 * SQLSTATE classes after which an autocommit statement may or may not have committed (the
 * connection broke, the server is shutting down or failed): its appends must not be written again.
 */
const AMBIGUOUS = new Set(['08', '57', '58', 'XX']);

/**
 * The cached route: a batch of plain drafts (no callback, no projection) is checked against the
 * instance's BookCache and written by ONE autocommit statement — one round trip and one fsync
 * instead of five round trips — that first locks the books, in code order, and refuses to write
 * unless each book's head is still the one the batch chained from (then every remembered balance
 * is current too: BookCache). Balances are written as changes, so the CHECK on never-negative
 * accounts referees the money as well; idempotency keys are refereed by their unique index,
 * funds by ledger_fund's primary key. Whatever the cache does not know, a refusal that depends on
 * the database (INSUFFICIENT_FUNDS, UNKNOWN_FUND …) and any refusal by the database send the whole
 * batch down the careful route (book locks, load, write, commit) — the one that decides errors.
 *
 * checksFirst callbacks (payments) take this route too: their batch reads (AppendOptions.read) are
 * made up front without locks, and their projection rows ride in the statement. The reads are
 * current exactly when the write succeeds: they came after the remembered heads were committed,
 * and the write finds those heads unmoved, so no entry of these books — the only writer of what
 * the reads see — committed in between. Two round trips per batch instead of six; one, when the
 * reads are remembered from the batch before (BatchRead.after, book-cache.ts readsAfter). A callback
 * that would read or write on its own (`em`, `query`), refuse, or touch a row twice leaves the route.
 */
export class CachedAppend {
  constructor(
    private readonly db: DataSource,
    private readonly projections: ProjectionRegistry,
    readonly cache = new BookCache(),
  ) {}

  /** Plain drafts, and checksFirst callbacks (which read up front and write statements only). */
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

  /** The batch committed from the heads the cache had: its books now stand where it left them. */
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

/**
 * The batch statement of the cached route. `lk` locks the books in code order and says whether
 * each still has the head the batch chained from; `gate` is true when all of them do. Every other
 * part reads `gate` — a value PostgreSQL computes once, before the part's first row — so no row of
 * a book is touched before its lock is held (the order the careful route locks in: no deadlock
 * between the two). A gate rather than a join with `lk` per part: one hash join fewer for each,
 * ~10 % of the statement's cost (docs/benchmarks.md, session 6). When a head moved, the entries get
 * a NULL seq, which the NOT NULL constraint refuses: the statement fails whole and the batch takes
 * the careful route. Balances are added to, not set, so the CHECK on never-negative accounts
 * judges the real balance: an UPDATE for the accounts that exist, a plain INSERT for those that do
 * not (not INSERT … ON CONFLICT, whose proposed row — the change alone — would meet the CHECK
 * before the conflict); an account created meanwhile makes that INSERT fail on the primary key,
 * which again sends the batch the careful way.
 *
 * The extra CTEs (projection rows, rows beside the entries; $34 on) do not read `gate`: they still
 * run after it, because PostgreSQL runs the main statement — which reads `gate`, taking the
 * locks — before the data-modifying CTEs it does not read (ExecPostprocessPlan). A head that moved
 * fails the statement whole, those rows with it.
 */
export async function writeCheckingHeads(client: ClientBase, rows: StagedRows, state: BatchState): Promise<void> {
  const books = [...rows.heads.keys()];
  const starts = books.map((b) => state.startHeads.get(b)!);
  const change = (a: { book: string; account: string; fund: string; balance: bigint }) =>
    a.balance - state.baselines.get(`${a.book}|${a.account}|${a.fund}`)!;
  const extra = rows.extraCtes(34);
  await runPrepared(
    client,
    `WITH lk AS MATERIALIZED (
       SELECT jb.code, (jb.head_seq = h.seq AND jb.head_hash = h.hash) AS ok
         FROM journal_book jb JOIN unnest($31::varchar[], $32::bigint[], $33::bytea[]) AS h(code, seq, hash) ON jb.code = h.code
        WHERE jb.code = ANY($31::varchar[])
        ORDER BY jb.code FOR UPDATE OF jb
     ), gate AS MATERIALIZED (
       SELECT count(*) = cardinality($31::varchar[]) AND coalesce(bool_and(ok), false) AS ok FROM lk
     ), e AS (
       INSERT INTO journal_entry (book, seq, type, occurred_on, recorded_at, actor, subjects, idempotency_key, reverses_seq, body, prev_hash, hash)
       SELECT x.b, CASE WHEN (SELECT ok FROM gate) THEN x.s END, x.t, x.o, x.r, x.a, ARRAY(SELECT jsonb_array_elements_text(x.subj)), x.k, x.rv, x.body, x.ph, x.h
         FROM unnest($1::varchar[], $2::bigint[], $3::text[], $4::date[], $5::timestamptz[], $6::text[], $7::jsonb[],
                     $8::text[], $9::bigint[], $10::bytea[], $11::bytea[], $12::bytea[])
           AS x(b, s, t, o, r, a, subj, k, rv, body, ph, h)
     ), p AS (
       INSERT INTO journal_posting (book, seq, idx, account, fund_id, amount, occurred_on)
       SELECT x.* FROM unnest($13::varchar[], $14::bigint[], $15::smallint[], $16::text[], $17::uuid[], $18::bigint[], $19::date[])
         AS x(b, s, i, acc, f, amount, o) WHERE (SELECT ok FROM gate)
     ), acc AS (
       UPDATE ledger_account la SET balance = la.balance + x.change
         FROM unnest($20::varchar[], $21::text[], $22::uuid[], $23::bigint[]) AS x(b, acc, f, change)
        WHERE la.book = x.b AND la.account = x.acc AND la.fund_id = x.f AND (SELECT ok FROM gate)
     ), acc_new AS (
       INSERT INTO ledger_account (book, account, fund_id, balance, non_negative)
       SELECT x.* FROM unnest($20::varchar[], $21::text[], $22::uuid[], $23::bigint[], $24::boolean[])
         AS x(b, acc, f, change, nn)
        WHERE (SELECT ok FROM gate) AND NOT EXISTS (SELECT FROM ledger_account la WHERE la.book = x.b AND la.account = x.acc AND la.fund_id = x.f)
     ), f AS (
       INSERT INTO ledger_fund (fund_id, book, created_seq)
       SELECT x.* FROM unnest($25::uuid[], $26::varchar[], $27::bigint[]) AS x(f, b, s) WHERE (SELECT ok FROM gate)
     )${extra.sql}
     UPDATE journal_book jb SET head_seq = x.seq, head_hash = x.hash
       FROM unnest($28::varchar[], $29::bigint[], $30::bytea[]) AS x(code, seq, hash)
      WHERE jb.code = x.code AND jb.code = ANY($28::varchar[]) AND (SELECT ok FROM gate)`,
    [
      ...rows.columns(change),
      binaryArray('varchar', books),
      binaryArray(
        'int8',
        starts.map((h) => h.seq),
      ),
      binaryArray(
        'bytea',
        starts.map((h) => h.hash),
      ),
      ...extra.params,
    ],
  );
}
