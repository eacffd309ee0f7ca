import { payment, ProjectDriver, projectTokens } from '../support/project-fixtures';
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

  it('one voucher number on two projects of a book at once: one payment, one ALREADY_EXISTS, the others untouched', async () => {
    const fund = await d.countyFund('1000.00');
    const first = await d.projectFunded([{ fundId: fund, amount: '300.00' }]);
    const second = await d.projectFunded([{ fundId: fund, amount: '300.00' }]);
    const send = (id: string, voucherNo: string) => t.http().post(`/api/v1/projects/${id}/disbursements`).set(d.as('finance')).send(payment({ amount: '10.00', voucherNo }));
    const results = await Promise.all([send(first, '同号-1'), send(second, '同号-1'), send(first, '同号-2'), send(second, '同号-3')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('ALREADY_EXISTS');
    const rows = await t.db.query(`SELECT voucher_no FROM disbursement WHERE project_id = ANY($1::uuid[]) ORDER BY voucher_no`, [[first, second]]);
    expect(rows.map((r: { voucher_no: string }) => r.voucher_no)).toEqual(['同号-1', '同号-2', '同号-3']);
    expect(await d.fund(fund)).toMatchObject({ disbursed: '30.00' });
  });
});
