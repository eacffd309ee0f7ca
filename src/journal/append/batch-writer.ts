import type { ClientBase } from 'pg';
import type { EntityManager, QueryRunner } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import type { EntryDocument } from '../chain/entry-document';
import { insertRows, ProjectionRegistry, SqlStatement } from '../projections';
import { accountKey, BatchState, NotCached } from './batch-state';
import { BatchReads } from './batch-reads';
import { AppendContext, AppendedEntry, BatchRead, DraftSource, EntryDraft, validateDraft } from './entry-draft';
import { runPrepared } from './prepared';
import { Staged, stageEntries } from './stage';
import { StagedRows } from './staged-rows';

export interface AppendPart<P extends object = Record<string, unknown>> {
  book: string;
  source: DraftSource<P>;
  idempotencyKey?: string;
  accounts?: string[];
  read?: BatchRead;
}

export interface AppendRequest {
  parts: AppendPart[];
  checksFirst?: boolean;
}

/** A request failed on its own; the batch's transaction is intact and the others go on. */
export class ContainedError extends Error {
  constructor(readonly reason: unknown) {
    super('append failed');
  }
}

const keyOf = (book: string, key: string) => `${book}|${key}`;

function entryFromBody(book: string, seq: number, hash: Buffer, body: Buffer): AppendedEntry {
  return {
    book,
    seq,
    hash: hash.toString('hex'),
    replayed: true,
    document: JSON.parse(body.toString('utf8')) as EntryDocument,
  };
}

export class BatchWriter {
  readonly state: BatchState;
  pending = new StagedRows();
  private readonly byKey = new Map<string, AppendedEntry>();
  private readonly reads = new BatchReads();
  private readonly em: EntityManager;

  constructor(
    private readonly qr: QueryRunner,
    private readonly client: ClientBase,
    private readonly projections: ProjectionRegistry,
    state?: BatchState,
  ) {
    this.state = state ?? new BatchState(qr, client);
    // Each query of a callback's `em` first writes what is pending, so it sees the batch so far.
    const flushing = Object.create(qr, {
      query: {
        value: async (sql: string, params?: unknown[], structured?: boolean) => {
          this.refuseReadIfCached();
          await this.flush();
          return structured ? qr.query(sql, params, true) : qr.query(sql, params);
        },
      },
    }) as QueryRunner;
    this.em = qr.manager.connection.createEntityManager(flushing);
  }

  async begin(requests: AppendRequest[]): Promise<void> {
    const parts = requests.flatMap((r) => r.parts);
    await this.state.lockBooks(parts.map((p) => p.book));
    const keyed = parts.filter((p) => p.idempotencyKey !== undefined);
    const drafts = parts.flatMap((p) => (typeof p.source === 'function' ? [] : [{ book: p.book, draft: p.source }]));
    // One round trip after the locks: balances, funds, hinted account paths, idempotency keys.
    const found = await this.state.load(
      drafts.flatMap(({ book, draft }) =>
        (draft.postings ?? []).map((x) => ({ book, account: x.account, fund: x.fund })),
      ),
      drafts.flatMap(({ draft }) => [...(draft.postings ?? []).map((x) => x.fund), ...(draft.newFunds ?? [])]),
      parts.flatMap((p) =>
        [...(p.accounts ?? []), ...(p.read?.accounts ?? [])].map((account) => ({ book: p.book, account })),
      ),
      keyed.map((p) => ({ book: p.book, key: p.idempotencyKey! })),
    );
    for (const r of found) this.byKey.set(keyOf(r.book, r.key), entryFromBody(r.book, r.seq, r.hash, r.body));
    await this.loadReads(requests);
  }

  /** The up-front reads; on the cached route without locks: the write's head check makes them current. */
  async loadReads(requests: AppendRequest[], remembered?: (book: string, read: BatchRead) => unknown): Promise<void> {
    const parts = requests.flatMap((r) => r.parts.filter((p) => p.read));
    const books = new Map(parts.map((p) => [p.read!, p.book]));
    await this.reads.load(
      parts.map((p) => p.read!),
      (sql, params) => runPrepared(this.client, sql, params),
      remembered && ((read) => remembered(books.get(read)!, read)),
    );
  }

  readResult(read: BatchRead | undefined): unknown {
    return this.reads.result(read);
  }

  async process(request: AppendRequest): Promise<AppendedEntry[]> {
    const replays = request.parts.map((p) =>
      p.idempotencyKey ? this.byKey.get(keyOf(p.book, p.idempotencyKey)) : undefined,
    );
    if (replays.every((r) => r !== undefined)) return replays.map((r) => ({ ...r, replayed: true }));
    if (request.checksFirst) return this.processChecksFirst(request);

    const slow = request.parts.some((p) => typeof p.source === 'function' || this.projections.handles(p.source.type));
    if (slow) {
      await this.flush();
      await this.qr.query('SAVEPOINT journal_append');
    }
    try {
      const beside: SqlStatement[] = [];
      const drafts: EntryDraft[] = [];
      for (const p of request.parts)
        drafts.push(typeof p.source === 'function' ? await p.source(this.context(beside, p)) : p.source);
      const { staged, entries } = await this.stage(request.parts, drafts);
      if (slow) {
        staged.addExtra(beside);
        await staged.write(this.client);
        for (const e of entries) await this.projections.apply(this.qr.manager, e);
        await this.qr.query('RELEASE SAVEPOINT journal_append');
      } else {
        this.pending.merge(staged);
      }
      this.remember(staged, entries);
      return entries;
    } catch (err) {
      if (slow) {
        await this.qr.query('ROLLBACK TO SAVEPOINT journal_append');
        throw new ContainedError(err);
      }
      // Without a savepoint only errors raised before any write are contained.
      if (err instanceof DomainError) throw new ContainedError(err);
      throw err;
    }
  }

  /** No savepoint: up to the write a refusal has changed nothing (`remember` comes after staging). */
  private async processChecksFirst(request: AppendRequest): Promise<AppendedEntry[]> {
    const beside: SqlStatement[] = [];
    let staged: StagedRows;
    let entries: AppendedEntry[];
    try {
      const drafts: EntryDraft[] = [];
      for (const p of request.parts)
        drafts.push(typeof p.source === 'function' ? await this.callback(p, beside) : p.source);
      ({ staged, entries } = await this.stage(request.parts, drafts));
    } catch (err) {
      if (err instanceof DomainError) throw new ContainedError(err);
      throw err;
    }
    const projected = entries.map((e) => this.projections.statementsFor(e));
    if (projected.every((x) => x !== undefined)) {
      const statements = [...projected.flat(), ...beside];
      // The cached statement gates every array it sends (batch-statement.ts); untyped values it cannot.
      if (this.state.cached && statements.some((x) => !('rows' in x))) throw new NotCached('an untyped statement');
      if (this.pending.overlaps(statements)) await this.flush();
      staged.addExtra(statements);
      this.pending.merge(staged);
      if (statements.some((x) => !x.touches)) await this.flush();
    } else {
      await this.flush();
      staged.addExtra(beside);
      await staged.write(this.client);
      for (const e of entries) await this.projections.apply(this.qr.manager, e);
    }
    this.remember(staged, entries);
    return entries;
  }

  private async callback(part: AppendPart, beside: SqlStatement[]): Promise<EntryDraft> {
    try {
      return await (part.source as Exclude<DraftSource, EntryDraft>)(this.context(beside, part));
    } catch (err) {
      if (this.state.cached && err instanceof DomainError) throw new NotCached(err.code);
      throw err;
    }
  }

  private refuseReadIfCached(): void {
    if (this.state.cached) throw new NotCached('a read inside the batch');
  }

  async flush(): Promise<void> {
    if (this.state.cached) throw new NotCached('a write before the batch statement');
    await this.pending.write(this.client);
    this.pending = new StagedRows();
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.state.dropUnusedBooks();
  }

  /** A callback's view of the transaction: every read first writes what is pending, so it sees the batch so far. */
  private context(beside: SqlStatement[], part: AppendPart): AppendContext {
    return {
      readResult: () => this.reads.result(part.read),
      em: this.em,
      alsoWrite: (statement) => beside.push(statement),
      alsoInsert: (table, row) => beside.push(insertRows(table, [row])),
      query: async (sql, params) => {
        this.refuseReadIfCached();
        await this.flush();
        return runPrepared(this.client, sql, params);
      },
      balance: async (book, account, fund) => {
        this.state.head(book); // only books this batch has locked
        await this.state.load([{ book, account, fund }], []);
        return this.state.accounts.get(accountKey(book, account, fund))!.balance;
      },
    };
  }

  private async stage(parts: AppendPart[], drafts: EntryDraft[]): Promise<Staged> {
    drafts.forEach(validateDraft);
    if (new Set(parts.map((p) => p.book)).size !== parts.length) throw new Error('a request may write each book once');
    try {
      return await stageEntries(this.state, parts, drafts);
    } catch (err) {
      // What follows depends on the database's state: on the cached route only the careful one may refuse.
      if (this.state.cached && err instanceof DomainError) throw new NotCached(err.code);
      throw err;
    }
  }

  private remember(staged: StagedRows, entries: AppendedEntry[]): void {
    for (const e of entries) this.reads.touch(e.document.subjects);
    for (const [book, head] of staged.heads) this.state.heads.set(book, head);
    for (const [key, a] of staged.accounts)
      this.state.accounts.set(key, { balance: a.balance, nonNegative: a.nonNegative });
    for (const f of staged.funds) this.state.funds.set(f.fund, f.book);
    entries.forEach((e, i) => {
      const key = staged.entries[i].idempotencyKey;
      if (key) this.byKey.set(keyOf(e.book, key), e);
    });
  }
}
