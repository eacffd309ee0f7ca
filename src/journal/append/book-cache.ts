import type { EntryDocument } from '../chain/entry-document';
import type { BookHead } from './batch-state';
import type { AppendedEntry, BatchRead } from './entry-draft';

/** What this instance last saw committed in a book: its head and its never-negative balances. */
export interface CachedBook {
  head: BookHead;
  /** `account|fund` → balance, for never-negative accounts only (the ones a draft is checked against). */
  balances: Map<string, bigint>;
  reads: RememberedReads;
}

export type RememberedReads = Map<string, Map<string, unknown>>;

const MAX_BOOKS = 10_000;
const MAX_ACCOUNTS_PER_BOOK = 2_000;
const MAX_READS_PER_BOOK = 2_000;
const MAX_FUNDS = 100_000;

export const balanceKey = (account: string, fund: string) => `${account}|${fund}`;

/** The instance's memory of books as of their last commit through it (CachedAppend). */
export class BookCache {
  private readonly books = new Map<string, CachedBook>();
  private readonly fundBooks = new Map<string, string>();

  get(book: string): CachedBook | undefined {
    return this.books.get(book);
  }

  fundBook(fund: string): string | undefined {
    return this.fundBooks.get(fund);
  }

  /** After a commit: what the transaction knew of a book under its lock is what the database now holds. */
  remember(
    book: string,
    head: BookHead,
    balances: Iterable<[string, bigint]>,
    extendsKnown: boolean,
    reads: RememberedReads = new Map(),
  ): void {
    const known = extendsKnown ? this.books.get(book) : undefined;
    const next: CachedBook = { head, balances: known?.balances ?? new Map(), reads };
    for (const [key, balance] of balances) next.balances.set(key, balance);
    if (next.balances.size > MAX_ACCOUNTS_PER_BOOK) next.balances.clear();
    if (next.reads.size > MAX_READS_PER_BOOK) next.reads.clear();
    this.books.delete(book);
    this.books.set(book, next);
    if (this.books.size > MAX_BOOKS) this.books.delete(this.books.keys().next().value!);
  }

  rememberFund(fund: string, book: string): void {
    if (this.fundBooks.size >= MAX_FUNDS) this.fundBooks.clear();
    this.fundBooks.set(fund, book);
  }

  forget(books: Iterable<string>): void {
    for (const b of books) this.books.delete(b);
  }
}

export interface UsedRead {
  read: BatchRead;
  result: unknown;
  entry: AppendedEntry;
}

/**
 * The remembered reads after a batch, entry by entry: an entry forgets every read about its subjects, then the
 * read it was built from is remembered as what it says it becomes (BatchRead.after).
 */
export function readsAfter(
  before: RememberedReads | undefined,
  written: EntryDocument[],
  used: UsedRead[],
): RememberedReads {
  const reads: RememberedReads = new Map(before);
  const bySeq = new Map(used.map((u) => [u.entry.seq, u]));
  for (const doc of written) {
    for (const subject of doc.subjects) reads.delete(subject);
    const u = bySeq.get(doc.seq);
    if (u?.read.after && u.result !== undefined) {
      const kinds = new Map(reads.get(u.read.subject));
      kinds.set(u.read.kind, u.read.after(u.result, u.entry));
      reads.set(u.read.subject, kinds);
    }
  }
  return reads;
}
