import type { ClientBase } from 'pg';
import type { QueryRunner } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { GENESIS_HASH } from '../chain/entry-document';
import { isNonNegative } from './accounts';
import { balanceKey, BookCache } from './book-cache';
import { runPrepared } from './prepared';

export interface AccountBalance {
  balance: bigint;
  nonNegative: boolean;
}

export interface BookHead {
  seq: number;
  hash: Buffer;
}

export interface KeyedEntry {
  book: string;
  key: string;
  seq: number;
  hash: Buffer;
  body: Buffer;
}

export const accountKey = (book: string, account: string, fund: string) => `${book}|${account}|${fund}`;
const pathKey = (book: string, account: string) => `${book}|${account}`;
const unique = (values: string[]) => [...new Set(values)];

/** Something this batch would have to ask the database: the cached route cannot take the batch. */
export class NotCached extends Error {
  constructor(what: string) {
    super(`not cached: ${what}`);
  }
}

/** What one transaction knows under its book locks, loaded once and kept current in memory. */
export class BatchState {
  readonly heads = new Map<string, BookHead>();
  /** Each book's head when the batch began: what its write must find still in place. */
  readonly startHeads = new Map<string, BookHead>();
  /** Cached route only: each account's balance when the batch began, to write differences. */
  readonly baselines = new Map<string, bigint>();
  private cache?: BookCache;
  readonly accounts = new Map<string, AccountBalance>();
  readonly funds = new Map<string, string | null>();
  /** `book|account` paths loaded in every fund: an account of one that was not found is at 0. */
  private readonly wholePaths = new Set<string>();
  /** Books this transaction created; dropped again if nothing was written to them. */
  private readonly created: string[] = [];

  constructor(
    private readonly qr: QueryRunner,
    private readonly client: ClientBase,
  ) {}

  /** Locks the books (creating them on first use) in code order, so two writers never deadlock. */
  async lockBooks(codes: string[]): Promise<void> {
    const sorted = [...new Set(codes)].sort();
    for (const c of sorted) {
      if (!/^\d{12}$/.test(c)) throw new DomainError('VALIDATION_FAILED', `Book "${c}" is not a 12-digit region code`);
    }
    type Head = { code: string; head_seq: string; head_hash: Buffer };
    const lock = () =>
      runPrepared<Head>(
        this.client,
        `SELECT code, head_seq, head_hash FROM journal_book WHERE code = ANY($1) ORDER BY code FOR UPDATE`,
        [sorted],
      );
    let rows = await lock();
    if (rows.length < sorted.length) {
      const created: Array<{ code: string }> = await this.qr.query(
        `INSERT INTO journal_book (code, head_seq, head_hash)
         SELECT unnest($1::varchar[]), 0, $2 ON CONFLICT DO NOTHING RETURNING code`,
        [sorted, GENESIS_HASH],
      );
      this.created.push(...created.map((r) => r.code));
      rows = await lock();
    }
    for (const r of rows) {
      this.heads.set(r.code, { seq: Number(r.head_seq), hash: r.head_hash });
      this.startHeads.set(r.code, { seq: Number(r.head_seq), hash: r.head_hash });
    }
  }

  static fromCache(qr: QueryRunner, client: ClientBase, cache: BookCache, books: string[]): BatchState | undefined {
    const state = new BatchState(qr, client);
    state.cache = cache;
    for (const book of books) {
      const known = cache.get(book);
      if (!known) return undefined;
      state.heads.set(book, known.head);
      state.startHeads.set(book, known.head);
    }
    return state;
  }

  get cached(): boolean {
    return this.cache !== undefined;
  }

  /** After the careful route committed: what it knew under the locks is what the books now hold. */
  rememberIn(cache: BookCache): void {
    const byBook = new Map<string, Array<[string, bigint]>>();
    for (const [key, a] of this.accounts) {
      if (!a.nonNegative) continue;
      const book = key.slice(0, key.indexOf('|'));
      const list = byBook.get(book) ?? [];
      list.push([key.slice(book.length + 1), a.balance]);
      byBook.set(book, list);
    }
    for (const [book, head] of this.heads) {
      if (head.seq === 0) continue; // a book this batch created and dropped again
      const known = cache.get(book)?.head;
      const start = this.startHeads.get(book)!;
      const extendsKnown = known !== undefined && known.seq === start.seq && known.hash.equals(start.hash);
      cache.remember(book, head, byBook.get(book) ?? [], extendsKnown);
    }
    for (const [fund, book] of this.funds) if (book !== null) cache.rememberFund(fund, book);
  }

  async dropUnusedBooks(): Promise<void> {
    const unused = this.created.filter((code) => this.head(code).seq === 0);
    if (unused.length) await this.qr.query(`DELETE FROM journal_book WHERE code = ANY($1) AND head_seq = 0`, [unused]);
  }

  head(book: string): BookHead {
    const head = this.heads.get(book);
    if (!head) throw new Error(`book ${book} is not locked by this batch`);
    return head;
  }

  /** Loads, in one round trip, the balances (locked) and funds this batch does not know yet. */
  async load(
    keys: Array<{ book: string; account: string; fund: string }>,
    fundIds: string[],
    paths: Array<{ book: string; account: string }> = [],
    idempotency: Array<{ book: string; key: string }> = [],
  ): Promise<KeyedEntry[]> {
    if (this.cache) {
      this.loadFromCache(this.cache, keys, fundIds, paths, idempotency);
      return [];
    }
    const seen = new Set<string>();
    const accounts = keys.filter((k) => {
      const key = accountKey(k.book, k.account, k.fund);
      const fresh = !this.accounts.has(key) && !seen.has(key) && !this.wholePaths.has(pathKey(k.book, k.account));
      seen.add(key);
      return fresh;
    });
    const wholes = [...new Map(paths.map((p) => [pathKey(p.book, p.account), p])).entries()]
      .filter(([k]) => !this.wholePaths.has(k))
      .map(([, p]) => p);
    const funds = [...new Set(fundIds)].filter((id) => !this.funds.has(id));
    const found: KeyedEntry[] = [];
    if (accounts.length || wholes.length || funds.length || idempotency.length) {
      type Row = {
        kind: 'a' | 'f' | 'i';
        book: string;
        account: string | null;
        fund_id: string;
        balance: string | null;
        non_negative: boolean | null;
        seq: string | null;
        hash: Buffer | null;
        body: Buffer | null;
      };
      const rows = await runPrepared<Row>(
        this.client,
        // `= ANY` on index columns keeps the generic plan an index scan; extra rows are of locked books.
        `WITH a AS (
           SELECT book, account, fund_id, balance, non_negative FROM ledger_account
            WHERE (book = ANY($1::varchar[]) AND account = ANY($2::text[]) AND fund_id = ANY($3::uuid[]))
               OR (book = ANY($5::varchar[]) AND account = ANY($6::text[]))
            ORDER BY book, account, fund_id FOR UPDATE)
         SELECT 'a' AS kind, book, account, fund_id, balance, non_negative,
                 NULL::bigint AS seq, NULL::bytea AS hash, NULL::bytea AS body FROM a
         UNION ALL
         SELECT 'f', book, NULL, fund_id, NULL, NULL, NULL, NULL, NULL FROM ledger_fund
          WHERE fund_id = ANY($4::uuid[])
              OR fund_id IN (SELECT fund_id FROM a WHERE book = ANY($5::varchar[]) AND account = ANY($6::text[]))
         UNION ALL
         SELECT 'i', book, idempotency_key, NULL, NULL, NULL, seq, hash, body FROM journal_entry
          WHERE book = ANY($7::varchar[]) AND idempotency_key = ANY($8::text[]) AND idempotency_key IS NOT NULL`,
        [
          unique(accounts.map((k) => k.book)),
          unique(accounts.map((k) => k.account)),
          unique(accounts.map((k) => k.fund)),
          funds,
          unique(wholes.map((p) => p.book)),
          unique(wholes.map((p) => p.account)),
          unique(idempotency.map((x) => x.book)),
          unique(idempotency.map((x) => x.key)),
        ],
      );
      for (const id of funds) this.funds.set(id, null);
      for (const r of rows) {
        // What this batch already knows may be ahead of the table (staged, not yet written): it stays.
        const known =
          r.kind === 'f'
            ? this.funds.get(r.fund_id)
            : r.kind === 'a'
              ? this.accounts.get(accountKey(r.book, r.account!, r.fund_id))
              : undefined;
        if (r.kind === 'i')
          found.push({ book: r.book, key: r.account!, seq: Number(r.seq), hash: r.hash!, body: r.body! });
        else if (known) continue;
        else if (r.kind === 'f') this.funds.set(r.fund_id, r.book);
        else
          this.accounts.set(accountKey(r.book, r.account!, r.fund_id), {
            balance: BigInt(r.balance!),
            nonNegative: r.non_negative!,
          });
      }
      for (const p of wholes) this.wholePaths.add(pathKey(p.book, p.account));
    }
    for (const k of keys) {
      const key = accountKey(k.book, k.account, k.fund);
      if (!this.accounts.has(key)) this.accounts.set(key, { balance: 0n, nonNegative: isNonNegative(k.account) });
    }
    return found;
  }

  private loadFromCache(
    cache: BookCache,
    keys: Array<{ book: string; account: string; fund: string }>,
    fundIds: string[],
    paths: Array<{ book: string; account: string }>,
    idempotency: Array<{ book: string; key: string }>,
  ): void {
    if (paths.length || idempotency.length) throw new NotCached('account paths or idempotency keys');
    for (const k of keys) {
      const key = accountKey(k.book, k.account, k.fund);
      if (this.accounts.has(key)) continue;
      const nonNegative = isNonNegative(k.account);
      const balance = nonNegative ? cache.get(k.book)?.balances.get(balanceKey(k.account, k.fund)) : 0n;
      if (balance === undefined) throw new NotCached(key);
      this.accounts.set(key, { balance, nonNegative });
      this.baselines.set(key, balance);
    }
    for (const id of fundIds) if (!this.funds.has(id)) this.funds.set(id, cache.fundBook(id) ?? null);
  }
}
