import { randomUUID } from 'node:crypto';
import { JournalService } from '../../src/journal/journal.service';
import { COUNTY_BOOK, receiveFund, spend } from '../support/journal-fixtures';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';

describe('journal: appending entries and postings', () => {
  let t: TestApp;
  let journal: JournalService;

  beforeAll(async () => {
    t = await createTestApp({ regions: false });
    journal = t.app.get(JournalService);
  });
  afterAll(() => t.close());

  it('writes an entry, its postings and balances, chained to the previous entry', async () => {
    const { fund, entry } = await receiveFund(journal, '410000000000', 1_000_000n);
    expect(entry).toMatchObject({ book: '410000000000', seq: 1, replayed: false });
    const second = await spend(journal, '410000000000', fund, 250_000n);
    expect(second.seq).toBe(2);
    const stored = await journal.entry('410000000000', 2);
    expect(stored.prevHash).toBe(entry.hash);
    expect(await journal.balance('410000000000', 'pool:410000000000', fund)).toBe(750_000n);
    expect(await journal.balance('410000000000', 'source:central', fund)).toBe(-1_000_000n);
    const postings = await t.db.query(
      `SELECT sum(amount)::text AS s, count(*)::int AS n FROM journal_posting WHERE book = '410000000000'`,
    );
    expect(postings).toEqual([{ s: '0', n: 4 }]);
  });

  it('computes balances as of a date from the postings', async () => {
    const { fund } = await receiveFund(journal, '411100000000', 500n, '2024-01-10');
    await journal.append('411100000000', {
      type: 'test.spent',
      occurredOn: '2024-02-10',
      actor: 'test',
      postings: [
        { account: 'pool:411100000000', fund, amount: -200n },
        { account: 'test:sink', fund, amount: 200n },
      ],
    });
    expect(await journal.balanceAsOf('411100000000', 'pool:411100000000', fund, '2024-01-09')).toBe(0n);
    expect(await journal.balanceAsOf('411100000000', 'pool:411100000000', fund, '2024-01-31')).toBe(500n);
    expect(await journal.balanceAsOf('411100000000', 'pool:411100000000', fund, '2024-02-10')).toBe(300n);
  });

  describe('bad input gets a coded error and writes nothing', () => {
    let fund: string;
    let otherBookFund: string;
    beforeAll(async () => {
      ({ fund } = await receiveFund(journal, COUNTY_BOOK, 10_000n));
      ({ fund: otherBookFund } = await receiveFund(journal, '411100000000', 10_000n));
    });

    const cases: Array<[string, () => object, string]> = [
      [
        'unbalanced postings',
        () => ({
          postings: [
            { account: `pool:${COUNTY_BOOK}`, fund, amount: -5n },
            { account: 'test:x', fund, amount: 4n },
          ],
        }),
        'UNBALANCED_POSTINGS',
      ],
      [
        'a negative pool',
        () => ({
          postings: [
            { account: `pool:${COUNTY_BOOK}`, fund, amount: -10_001n },
            { account: 'test:x', fund, amount: 10_001n },
          ],
        }),
        'INSUFFICIENT_FUNDS',
      ],
      [
        'an unknown account',
        () => ({
          postings: [
            { account: `pool:${COUNTY_BOOK}`, fund, amount: -5n },
            { account: 'mystery:x', fund, amount: 5n },
          ],
        }),
        'UNKNOWN_ACCOUNT',
      ],
      [
        'an account of the wrong shape',
        () => ({
          postings: [
            { account: 'pool:4111', fund, amount: -5n },
            { account: 'test:x', fund, amount: 5n },
          ],
        }),
        'UNKNOWN_ACCOUNT',
      ],
      [
        'an unknown fund',
        () => {
          const f = randomUUID();
          return {
            postings: [
              { account: 'test-source', fund: f, amount: -5n },
              { account: 'test:x', fund: f, amount: 5n },
            ],
          };
        },
        'UNKNOWN_FUND',
      ],
      [
        'a fund of another book',
        () => ({
          postings: [
            { account: 'test-source', fund: otherBookFund, amount: -5n },
            { account: 'test:x', fund: otherBookFund, amount: 5n },
          ],
        }),
        'UNKNOWN_FUND',
      ],
      ['a future date', () => ({ occurredOn: '2999-01-01' }), 'VALIDATION_FAILED'],
      ['a date that does not exist', () => ({ occurredOn: '2024-02-30' }), 'VALIDATION_FAILED'],
      [
        'personal data in the payload',
        () => ({ payload: { household: { idNumber: '110105194912310021' } } }),
        'VALIDATION_FAILED',
      ],
      ['a lone surrogate in the payload', () => ({ payload: { note: 'bad \ud800 text' } }), 'VALIDATION_FAILED'],
      [
        'a zero posting',
        () => ({
          postings: [
            { account: `pool:${COUNTY_BOOK}`, fund, amount: 0n },
            { account: 'test:x', fund, amount: 0n },
          ],
        }),
        'VALIDATION_FAILED',
      ],
    ];

    it.each(cases)('%s', async (_name, patch, code) => {
      const before = await tableCounts(t.db);
      const draft = { type: 'test.bad', occurredOn: '2024-03-05', actor: 'test', ...patch() };
      await expect(journal.append(COUNTY_BOOK, draft as never)).rejects.toMatchObject({ code });
      expect(await tableCounts(t.db)).toEqual(before);
    });
  });

  it('leaves no empty book behind when the first append to a new book fails', async () => {
    const before = await tableCounts(t.db);
    await expect(spend(journal, '480000000000', randomUUID(), 5n)).rejects.toMatchObject({ code: 'UNKNOWN_FUND' });
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('never overspends under 50 concurrent appends: exactly the affordable ones succeed', async () => {
    const book = '411103000000';
    const { fund } = await receiveFund(journal, book, 1_000n);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => spend(journal, book, fund, 100n, `test:c${i % 5}`)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code: string }).code] : []));
    expect(ok).toHaveLength(10);
    expect(new Set(codes)).toEqual(new Set(['INSUFFICIENT_FUNDS']));
    expect(await journal.balance(book, `pool:${book}`, fund)).toBe(0n);
  });

  it('keeps seq gapless per book with 16 writers over 4 books', async () => {
    const books = ['420000000000', '430000000000', '440000000000', '450000000000'];
    const funds = await Promise.all(books.map((b) => receiveFund(journal, b, 1_000_000n)));
    await Promise.all(
      Array.from({ length: 16 }, async (_, w) => {
        for (let i = 0; i < 20; i++) {
          const b = (w + i) % 4;
          // Every 7th append overspends and must leave no hole in the sequence.
          await spend(journal, books[b], funds[b].fund, i % 7 === 6 ? 10_000_000n : 1n).catch(() => undefined);
        }
      }),
    );
    const rows: Array<{ book: string; n: number; max: string }> = await t.db.query(
      `SELECT book, count(*)::int AS n, max(seq)::text AS max FROM journal_entry
        WHERE book = ANY($1) GROUP BY book ORDER BY book`,
      [books],
    );
    for (const r of rows) expect(String(r.n)).toBe(r.max);
    expect(rows.reduce((s, r) => s + r.n, 0)).toBe(4 + 16 * 20 - 16 * 2);
  });

  it('resolves racing duplicates of an idempotency key to one entry', async () => {
    const { fund } = await receiveFund(journal, '460000000000', 1_000n);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => spend(journal, '460000000000', fund, 10n, 'test:sink', 'pay-once')),
    );
    expect(new Set(results.map((r) => r.seq)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const again = await spend(journal, '460000000000', fund, 10n, 'test:sink', 'pay-once');
    expect(again).toMatchObject({ seq: results[0].seq, replayed: true });
    expect(await journal.balance('460000000000', 'pool:460000000000', fund)).toBe(990n);
  });

  it('writes an entry in each of two books atomically, each naming the other', async () => {
    const { fund } = await receiveFund(journal, '470000000000', 1_000n);
    const child = randomUUID();
    const [upper, lower] = await journal.appendAcross([
      {
        book: '470000000000',
        source: {
          type: 'test.allocated',
          occurredOn: '2024-03-03',
          actor: 'test',
          postings: [
            { account: 'pool:470000000000', fund, amount: -600n },
            { account: 'allocated:471000000000', fund, amount: 600n },
          ],
        },
      },
      {
        book: '471000000000',
        source: {
          type: 'test.allocation_received',
          occurredOn: '2024-03-03',
          actor: 'test',
          newFunds: [child],
          postings: [
            { account: 'transfer:470000000000', fund: child, amount: -600n },
            { account: 'pool:471000000000', fund: child, amount: 600n },
          ],
        },
      },
    ]);
    expect(upper.document.counterpart).toEqual({ book: '471000000000', seq: lower.seq });
    expect(lower.document.counterpart).toEqual({ book: '470000000000', seq: upper.seq });
    // Over-allocation fails in the upper book and so writes nothing in the lower one either.
    const before = await tableCounts(t.db);
    await expect(
      journal.appendAcross([
        {
          book: '470000000000',
          source: {
            type: 'test.allocated',
            occurredOn: '2024-03-03',
            actor: 'test',
            postings: [
              { account: 'pool:470000000000', fund, amount: -500n },
              { account: 'allocated:471000000000', fund, amount: 500n },
            ],
          },
        },
        {
          book: '471000000000',
          source: {
            type: 'test.allocation_received',
            occurredOn: '2024-03-03',
            actor: 'test',
            newFunds: [randomUUID()],
            postings: [],
          },
        },
      ]),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect(await tableCounts(t.db)).toEqual(before);
  });
});
