import { JournalService } from '../../src/journal/journal.service';
import { loadPaymentStates } from '../../src/projects/disbursement-state';
import { COUNTY, payment, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Payments of one batch read their projects together (AppendOptions.read): a voucher number
 * taken by an earlier payment of the same batch is not in that read, so the database's unique
 * index refuses the write and the batch is retried one payment at a time.
 */
describe('payments racing in one batch', () => {
  let t: TestApp;
  let d: ProjectDriver;

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
  });
  afterAll(() => t.close());

  it('one voucher number on two projects of a book at once: one paid, one ALREADY_EXISTS, rest untouched', async () => {
    const fund = await d.countyFund('1000.00');
    const first = await d.projectFunded([{ fundId: fund, amount: '300.00' }]);
    const second = await d.projectFunded([{ fundId: fund, amount: '300.00' }]);
    const send = (id: string, voucherNo: string) =>
      t
        .http()
        .post(`/api/v1/projects/${id}/disbursements`)
        .set(d.as('finance'))
        .send(payment({ amount: '10.00', voucherNo }));
    const results = await Promise.all([
      send(first, '同号-1'),
      send(second, '同号-1'),
      send(first, '同号-2'),
      send(second, '同号-3'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('ALREADY_EXISTS');
    const rows = await t.db.query(
      `SELECT voucher_no FROM disbursement WHERE project_id = ANY($1::uuid[]) ORDER BY voucher_no`,
      [[first, second]],
    );
    expect(rows.map((r: { voucher_no: string }) => r.voucher_no)).toEqual(['同号-1', '同号-2', '同号-3']);
    expect(await d.fund(fund)).toMatchObject({ disbursed: '30.00' });
  });

  describe('a payment remembered for the next one (the cached route answers its read from memory)', () => {
    /** What the journal remembers of a project's payment state in the county book, if anything. */
    const remembered = (id: string) => {
      const journal = t.app.get(JournalService) as unknown as {
        committer: {
          cached: { cache: { get(book: string): { reads: Map<string, Map<string, unknown>> } | undefined } };
        };
      };
      return journal.committer.cached.cache.get(COUNTY)?.reads.get(`project:${id}`)?.get('disbursement.state');
    };

    it('counts every advance: the one past 30 % of the approved amount is refused', async () => {
      const fund = await d.countyFund('1000.00');
      const id = await d.projectFunded([{ fundId: fund, amount: '300.00' }]);
      for (let i = 0; i < 3; i++) await d.pay(id, { kind: 'advance', amount: '30.00' });
      expect(remembered(id)).toBeDefined();
      const refused = await d.pay(id, { kind: 'advance', amount: '0.01' }, 422);
      expect(refused.code).toBe('ADVANCE_LIMIT_EXCEEDED');
      expect((await d.project(id)).amounts).toMatchObject({ advanceLimit: '90.00', advancesPaid: '90.00' });
    });

    it('is what a fresh read of the project gives, after advances and progress payments from two funds', async () => {
      const [f1, f2] = [await d.countyFund('1000.00'), await d.countyFund('1000.00')];
      const id = await d.projectFunded([
        { fundId: f1, amount: '200.00' },
        { fundId: f2, amount: '100.00' },
      ]);
      await d.pay(id, { kind: 'advance', amount: '40.00' });
      await d.pay(id, { kind: 'progress', amount: '180.00' }); // the first fund, then the second
      await d.pay(id, { kind: 'progress', amount: '5.00', fundId: f2 });
      const [fresh] = await loadPaymentStates(
        (sql, params) => t.db.query(sql, params),
        [{ projectId: id, book: COUNTY, voucherNo: 'not-used' }],
      );
      expect(remembered(id)).toEqual(fresh);
      expect(fresh!.project.advancePaid).toBe(4000n);
      expect(fresh!.lines.map((l) => l.disbursed)).toEqual([20000n, 2500n]);
    });
  });
});
