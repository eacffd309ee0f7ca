import { ReplayService } from '../../src/journal/replay/replay.service';
import { payment, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';

describe('projects under racing requests: every rule holds', () => {
  let t: TestApp;
  let d: ProjectDriver;

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
  });
  afterAll(() => t.close());

  const race = (n: number, send: (i: number) => Promise<{ status: number; body: { code?: string } }>) =>
    Promise.all(Array.from({ length: n }, (_, i) => send(i)));
  const codes = (results: Array<{ status: number; body: { code?: string } }>) =>
    results.reduce<Record<string, number>>(
      (acc, r) => ({ ...acc, [r.body.code ?? r.status]: (acc[r.body.code ?? r.status] ?? 0) + 1 }),
      {},
    );

  it('50 simultaneous payments against a commitment that allows 10: exactly 10 are paid', async () => {
    const fundA = await d.countyFund('600.00');
    const fundB = await d.countyFund('600.00');
    // 1 000 committed across two funds, so some payments are split while others race.
    const id = await d.projectFunded([
      { fundId: fundA, amount: '550.00' },
      { fundId: fundB, amount: '450.00' },
    ]);
    const results = await race(50, (i) =>
      t
        .http()
        .post(`/api/v1/projects/${id}/disbursements`)
        .set(d.as('finance'))
        .send(payment({ amount: '100.00', voucherNo: `并发-${i}` })),
    );
    expect(codes(results)).toEqual({ 201: 10, OVER_COMMITMENT: 40 });
    const project = await d.project(id);
    expect(project.amounts).toMatchObject({ committed: '1000.00', disbursed: '1000.00', remaining: '0.00' });
    expect(project.amounts.byFund.map((l: { remaining: string }) => l.remaining)).toEqual(['0.00', '0.00']);
    expect(await d.fund(fundA)).toMatchObject({ available: '50.00', committed: '0.00', disbursed: '550.00' });
    expect(await d.fund(fundB)).toMatchObject({ available: '150.00', committed: '0.00', disbursed: '450.00' });
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM disbursement_payee_account a
         JOIN disbursement d ON d.id = a.disbursement_id WHERE d.project_id = $1`,
      [id],
    );
    expect(n).toBe(10);
    const [{ rows }] = await t.db.query(`SELECT count(*)::int AS rows FROM disbursement_payee_account`);
    expect(rows).toBe(10);
  });

  it('50 simultaneous advances against a 30 % limit that allows 10', async () => {
    const fund = await d.countyFund('10000.00');
    const id = await d.projectFunded([{ fundId: fund, amount: '10000.00' }]);
    const results = await race(50, (i) =>
      t
        .http()
        .post(`/api/v1/projects/${id}/disbursements`)
        .set(d.as('finance'))
        .send(payment({ kind: 'advance', amount: '300.00', voucherNo: `预付-${i}` })),
    );
    expect(codes(results)).toEqual({ 201: 10, ADVANCE_LIMIT_EXCEEDED: 40 });
    expect((await d.project(id)).amounts).toMatchObject({
      advancesPaid: '3000.00',
      disbursed: '3000.00',
      remaining: '7000.00',
    });
  });

  it('racing approvals commit once, racing cancellations release once, racing projects never overdraw', async () => {
    const fund = await d.countyFund('1000.00');
    const id = await d.apply();
    await d.review(id);
    const approvals = await race(10, () =>
      t
        .http()
        .post(`/api/v1/projects/${id}/approve`)
        .set(d.as('program'))
        .send({
          approvalDocNo: '郾乡振〔2024〕1号',
          approvedOn: '2024-03-01',
          funding: [{ fundId: fund, amount: '400.00' }],
        }),
    );
    expect(codes(approvals)).toEqual({ 200: 1, INVALID_STATE: 9 });
    expect(await d.fund(fund)).toMatchObject({ available: '600.00', committed: '400.00' });

    const cancels = await race(10, () =>
      t
        .http()
        .post(`/api/v1/projects/${id}/cancel`)
        .set(d.as('program'))
        .send({ cancelledOn: '2024-03-02', reason: '重复' }),
    );
    expect(codes(cancels)).toEqual({ 200: 1, INVALID_STATE: 9 });
    expect(await d.fund(fund)).toMatchObject({ available: '1000.00', committed: '0.00' });

    // Ten reviewed projects each asking for 300 of the same 1 000: three get it.
    const ids = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const p = await d.apply();
        await d.review(p);
        return p;
      }),
    );
    const commits = await Promise.all(
      ids.map((p) =>
        t
          .http()
          .post(`/api/v1/projects/${p}/approve`)
          .set(d.as('program'))
          .send({
            approvalDocNo: `郾乡振〔2024〕${p.slice(0, 4)}号`,
            approvedOn: '2024-03-01',
            funding: [{ fundId: fund, amount: '300.00' }],
          }),
      ),
    );
    expect(codes(commits)).toEqual({ 200: 3, INSUFFICIENT_FUNDS: 7 });
    expect(await d.fund(fund)).toMatchObject({ available: '100.00', committed: '900.00' });
  });

  it('the same Idempotency-Key pays once', async () => {
    const fund = await d.countyFund('1000.00');
    const id = await d.projectFunded([{ fundId: fund, amount: '1000.00' }]);
    const body = payment({ amount: '10.00', voucherNo: '幂等-1' });
    const send = () =>
      t
        .http()
        .post(`/api/v1/projects/${id}/disbursements`)
        .set(d.as('finance'))
        .set('Idempotency-Key', 'pay-once')
        .send(body);
    const first = await send().expect(201);
    const again = await send().expect(201);
    expect(again.body).toEqual(first.body);
    expect((await d.project(id)).amounts.disbursed).toBe('10.00');
  });

  it('the projections rebuild from the journal alone', async () => {
    const report = await t.app.get(ReplayService).check();
    expect(report.ok).toBe(true);
    expect(report.tables.find((x) => x.table === 'disbursement')?.rows).toBeGreaterThan(20);
  });
});
