import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JournalService } from '../../src/journal/journal.service';
import { verifyBook } from '../../src/journal/verify/chain-verifier';
import { receiveFund, spend } from '../support/journal-fixtures';
import { TwoInstances, twoInstances } from '../support/two-instances';

/**
 * The cached route (append/cached-append.ts): plain drafts checked against what an instance
 * remembers of its books, written by one statement that the database referees. Two DataSources
 * on one database stand for two service instances.
 */
describe('journal: the cached route and its referees', () => {
  let instances: TwoInstances;
  let dsA: DataSource;
  let dsB: DataSource;
  let a: JournalService;
  let b: JournalService;
  /** Statements instance A sent to PostgreSQL. */
  let sent: string[];

  beforeAll(async () => {
    instances = await twoInstances();
    ({ dsA, dsB, a, b, sent } = instances);
  });
  afterAll(() => instances.close());

  const verified = async (book: string) =>
    expect(await verifyBook((sql, p) => dsA.query(sql, p), book)).toMatchObject({ ok: true });
  const seqs = async (book: string): Promise<number[]> =>
    (await dsA.query(`SELECT seq::int FROM journal_entry WHERE book = $1 ORDER BY seq`, [book])).map(
      (r: { seq: number }) => r.seq,
    );

  it('writes a plain draft to a remembered book in one statement, no transaction around it', async () => {
    const book = '411103000000';
    const { fund } = await receiveFund(a, book, 1_000n);
    await spend(a, book, fund, 1n); // the careful route: test:sink was not remembered yet
    sent.length = 0;
    const entry = await spend(a, book, fund, 1n);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^WITH lk AS/);
    expect(entry.seq).toBe(3);
    expect(await a.balance(book, `pool:${book}`, fund)).toBe(998n);
    await verified(book);
  });

  it('splits plain drafts of several books into two statements in flight; keeps those of one book in one', async () => {
    const books = ['411121000000', '411122000000', '411123000000', '411124000000'];
    const funds = await Promise.all(books.map(async (book) => (await receiveFund(a, book, 1_000n)).fund));
    await Promise.all(books.map((book, i) => spend(a, book, funds[i], 1n))); // remembers test:sink
    const batches = () => sent.filter((s) => s.startsWith('WITH lk AS')).length;
    sent.length = 0;
    await Promise.all(books.flatMap((book, i) => [1, 2, 3, 4].map(() => spend(a, book, funds[i], 1n))));
    expect(batches()).toBe(2);
    sent.length = 0;
    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(() => spend(a, books[0], funds[0], 1n)));
    expect(batches()).toBe(1);
    expect(await seqs(books[0])).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    for (const book of books) await verified(book);
  });

  it('database and memory disagree: an overspending entry gets INSUFFICIENT_FUNDS, its neighbours commit', async () => {
    const book = '411102000000';
    const { fund } = await receiveFund(a, book, 1_000n);
    await spend(a, book, fund, 1n);
    // The balance changes behind the journal's back (the head does not): only the CHECK can tell.
    await dsB.query(`UPDATE ledger_account SET balance = 10 WHERE book = $1 AND account = $2`, [book, `pool:${book}`]);
    const results = await Promise.allSettled([
      spend(a, book, fund, 5n),
      spend(a, book, fund, 50n),
      spend(a, book, fund, 3n),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.seq : (r.reason as { code: string }).code))).toEqual([
      3,
      'INSUFFICIENT_FUNDS',
      4,
    ]);
    expect(await a.balance(book, `pool:${book}`, fund)).toBe(2n);
    await verified(book);
  });

  it("another instance's appends make the cached head stale: the write refuses, chains on the real one", async () => {
    const book = '411104000000';
    const { fund } = await receiveFund(a, book, 1_000n);
    await spend(a, book, fund, 1n);
    await spend(b, book, fund, 100n);
    await spend(b, book, fund, 100n);
    // A remembers 999 in the pool at seq 2, enough for all three; the book is at seq 4 with 799.
    const results = await Promise.allSettled([
      spend(a, book, fund, 500n),
      spend(a, book, fund, 200n),
      spend(a, book, fund, 299n),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.seq : (r.reason as { code: string }).code))).toEqual([
      5,
      6,
      'INSUFFICIENT_FUNDS',
    ]);
    expect(await a.balance(book, `pool:${book}`, fund)).toBe(99n);
    expect(await seqs(book)).toEqual([1, 2, 3, 4, 5, 6]);
    await verified(book);
  });

  it('waits for a writer that holds the book, then sees the head it moved', async () => {
    const book = '411105000000';
    const { fund } = await receiveFund(a, book, 1_000n);
    await spend(a, book, fund, 1n);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // B's callback runs inside the transaction that holds the book's lock.
    const held = b.append(book, async () => {
      await gate;
      return {
        type: 'test.spent',
        occurredOn: '2024-03-02',
        actor: 'test',
        postings: [
          { account: `pool:${book}`, fund, amount: -990n },
          { account: 'test:sink', fund, amount: 990n },
        ],
      };
    });
    await new Promise((r) => setTimeout(r, 50));
    const waiting = spend(a, book, fund, 9n).then(
      (e) => e.seq,
      (err: { code: string }) => err.code,
    );
    for (let i = 0; i < 100; i++) {
      const [{ n }] = await dsB.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (n > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    release();
    expect((await held).seq).toBe(3);
    // A's memory said 999 at seq 2; under the lock the book had 9 left at seq 3.
    expect(await waiting).toBe(4);
    expect(await a.balance(book, `pool:${book}`, fund)).toBe(0n);
    await verified(book);
  });

  it('two instances racing on one budget: exactly the affordable appends, gapless, one entry per key', async () => {
    const book = '411106000000';
    const { fund } = await receiveFund(a, book, 1_000n);
    await spend(a, book, fund, 1n);
    await spend(b, book, fund, 1n);
    const keyed = await Promise.all(
      Array.from({ length: 10 }, (_, i) => spend(i % 2 ? a : b, book, fund, 100n, 'test:sink', 'twice')),
    );
    expect(new Set(keyed.map((e) => e.seq)).size).toBe(1);
    expect(keyed.filter((e) => !e.replayed)).toHaveLength(1);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => spend(i % 2 ? a : b, book, fund, 100n, `test:c${i % 5}`)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const codes = new Set(
      results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code: string }).code] : [])),
    );
    // 898 left after the keyed entry: 8 spends of 100 fit.
    expect(ok).toHaveLength(8);
    expect(codes).toEqual(new Set(['INSUFFICIENT_FUNDS']));
    expect(await a.balance(book, `pool:${book}`, fund)).toBe(98n);
    const all = await seqs(book);
    expect(all).toEqual(all.map((_, i) => i + 1));
    expect(all).toHaveLength(3 + 1 + 8);
    await verified(book);
  });

  it('trusts the head in the database over memory: a differing head row is chained on, not overwritten', async () => {
    const book = '411109000000';
    const { fund } = await receiveFund(a, book, 1_000n);
    await spend(a, book, fund, 1n);
    // Same seq, another hash: only the head check can notice (no entry's key collides).
    await dsB.query(`UPDATE journal_book SET head_hash = $2 WHERE code = $1`, [book, Buffer.alloc(32, 7)]);
    const entry = await spend(a, book, fund, 1n);
    expect(entry.seq).toBe(3);
    expect((await a.entry(book, 3)).prevHash).toBe('07'.repeat(32));
  });

  it('a fund registered elsewhere meanwhile: primary key refuses, the careful route says ALREADY_EXISTS', async () => {
    const book = '411107000000';
    const { fund } = await receiveFund(a, book, 1_000n);
    await spend(a, book, fund, 1n);
    const taken = randomUUID();
    await b.append('411108000000', {
      type: 'test.funded',
      occurredOn: '2024-03-01',
      actor: 'test',
      newFunds: [taken],
      postings: [],
    });
    await expect(
      a.append(book, { type: 'test.funded', occurredOn: '2024-03-01', actor: 'test', newFunds: [taken], postings: [] }),
    ).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
    expect(await seqs(book)).toEqual([1, 2]);
  });
});
