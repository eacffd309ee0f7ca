import { randomUUID } from 'node:crypto';
import { JournalService } from '../../src/journal/journal.service';
import { ReplayService } from '../../src/journal/replay/replay.service';
import { receiveFund, spend } from '../support/journal-fixtures';
import { createTestApp, TestApp } from '../support/test-app';

describe('journal: replay check', () => {
  let t: TestApp;
  let journal: JournalService;

  beforeAll(async () => {
    t = await createTestApp({ regions: false });
    journal = t.app.get(JournalService);
    // A projection like the feature modules register: a per-fund payment count.
    await t.db.query(`CREATE TABLE test_payment_count (fund_id uuid PRIMARY KEY, payments int NOT NULL)`);
    journal.registerProjection({
      name: 'test-payment-count',
      tables: ['test_payment_count'],
      types: ['test.spent', 'entry.reversed'],
      apply: async (em, { document: d }) => {
        const delta = d.type === 'entry.reversed' ? -1 : 1;
        await em.query(
          `INSERT INTO test_payment_count (fund_id, payments) VALUES ($1, $2)
           ON CONFLICT (fund_id) DO UPDATE SET payments = test_payment_count.payments + $2`,
          [d.postings[0].fund, delta],
        );
      },
    });
  });
  afterAll(() => t.close());

  it('rebuilds every projection from the journal alone and finds them equal', async () => {
    for (const book of ['410000000000', '411100000000', '411103000000']) {
      const { fund } = await receiveFund(journal, book, 100_000n);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => spend(journal, book, fund, BigInt(i + 1), `test:p${i % 3}`)),
      );
      const paid = await spend(journal, book, fund, 7n);
      // source, pool, three payees and the sink: six accounts per book.
      await journal.reverse(book, paid.seq, { reason: 'wrong payee', reversedOn: '2024-03-03', actor: 'test' });
    }
    const report = await t.app.get(ReplayService).check();
    expect(report).toMatchObject({ ok: true, entries: 3 * 23 });
    expect(report.tables).toEqual(
      expect.arrayContaining([
        { table: 'ledger_account', rows: 3 * 6, differences: 0 },
        { table: 'ledger_fund', rows: 3, differences: 0 },
        { table: 'test_payment_count', rows: 3, differences: 0 },
      ]),
    );
    const [{ payments }] = await t.db.query(`SELECT payments FROM test_payment_count LIMIT 1`);
    expect(payments).toBe(20);
  });

  it('notices a projection that drifted from the journal', async () => {
    await t.db.query(
      `UPDATE ledger_account SET balance = balance + 1 WHERE account = 'test:p0' AND book = '411103000000'`,
    );
    await t.db.query(`INSERT INTO test_payment_count VALUES ($1, 1)`, [randomUUID()]);
    const report = await t.app.get(ReplayService).check();
    expect(report.ok).toBe(false);
    const differences = Object.fromEntries(report.tables.map((x) => [x.table, x.differences]));
    expect(differences).toMatchObject({ ledger_account: 2, ledger_fund: 0, test_payment_count: 1 });
  });
});
