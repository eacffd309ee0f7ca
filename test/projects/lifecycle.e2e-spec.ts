import { ReplayService } from '../../src/journal/replay/replay.service';
import {
  COUNTY,
  DATES,
  projectBody,
  PROVINCE,
  ProjectDriver,
  projectTokens,
  VILLAGE,
} from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';

describe('projects: from the fund document to a settled project, through HTTP only', () => {
  let t: TestApp;
  let d: ProjectDriver;

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
  });
  afterAll(() => t.close());

  const amounts = async (fundId: string) => {
    const f = await d.fund(fundId);
    return { available: f.available, committed: f.committed, disbursed: f.disbursed };
  };

  it('follows the money: commit, advance, progress split across funds, final, retention, settlement', async () => {
    // Money in: a central document allocated from the province to the county, and a county document.
    const central = await d.post(
      'provinceFinance',
      '/api/v1/funds',
      {
        docNo: '豫财农〔2024〕12号',
        title: '中央财政衔接推进乡村振兴补助资金',
        sourceLevel: 'central',
        regionCode: PROVINCE,
        amount: '1000000.00',
        issuedOn: '2024-01-05',
      },
      201,
    );
    const fundA = (
      await d.post(
        'provinceFinance',
        `/api/v1/funds/${central.id}/allocations`,
        { toRegionCode: COUNTY, amount: '500000.00', docNo: '豫财农〔2024〕15号', issuedOn: '2024-01-10' },
        201,
      )
    ).id;
    const fundB = await d.countyFund('100000.00', '郾财农〔2024〕3号');
    expect(await amounts(fundA)).toEqual({ available: '500000.00', committed: '0.00', disbursed: '0.00' });

    // 申报 → 审核 → 审批: approval commits 150 000 from A and 50 000 from B.
    const applied = await d.post('village', '/api/v1/projects', projectBody(), 201);
    expect(applied).toMatchObject({
      status: 'applied',
      regionCode: VILLAGE,
      book: COUNTY,
      amounts: { budget: '220000.00', selfFunded: '20000.00', committed: '0.00' },
    });
    const id = applied.id;
    expect(await d.review(id)).toMatchObject({ status: 'reviewed', reviewedOn: DATES.reviewed });
    const approved = await d.approve(id, [
      { fundId: fundA, amount: '150000.00' },
      { fundId: fundB, amount: '50000.00' },
    ]);
    expect(approved).toMatchObject({
      status: 'approved',
      amounts: { committed: '200000.00', remaining: '200000.00', disbursed: '0.00', advanceLimit: '60000.00' },
    });
    expect(approved.amounts.byFund).toEqual([
      {
        fundId: fundA,
        docNo: '豫财农〔2024〕15号',
        committed: '150000.00',
        released: '0.00',
        disbursed: '0.00',
        remaining: '150000.00',
      },
      {
        fundId: fundB,
        docNo: '郾财农〔2024〕3号',
        committed: '50000.00',
        released: '0.00',
        disbursed: '0.00',
        remaining: '50000.00',
      },
    ]);
    expect(await amounts(fundA)).toEqual({ available: '350000.00', committed: '150000.00', disbursed: '0.00' });
    expect(await amounts(fundB)).toEqual({ available: '50000.00', committed: '50000.00', disbursed: '0.00' });

    // 实施, then payments: the advance comes from the oldest commitment (A).
    expect(await d.start(id)).toMatchObject({
      status: 'in_progress',
      contractor: '河南中原建设工程有限公司',
      contractAmount: '198000.00',
    });
    const advance = await d.pay(id, {
      kind: 'advance',
      amount: '60000.00',
      paidOn: '2024-03-20',
      voucherNo: '记-0001',
    });
    expect(advance).toMatchObject({
      kind: 'advance',
      amount: '60000.00',
      entrySeq: expect.any(Number),
      funding: [{ fundId: fundA, amount: '60000.00' }],
    });
    expect(advance.payee).toEqual({
      name: '河南中原建设工程有限公司',
      type: 'contractor',
      accountNo: '************5678',
      householdId: null,
    });
    expect(await amounts(fundA)).toEqual({ available: '350000.00', committed: '90000.00', disbursed: '60000.00' });

    // A progress payment larger than what A has left is split: A's 90 000, then 10 000 from B.
    const progress = await d.pay(id, { amount: '100000.00', paidOn: '2024-06-01', voucherNo: '记-0002' });
    expect(progress.funding).toEqual([
      { fundId: fundA, amount: '90000.00' },
      { fundId: fundB, amount: '10000.00' },
    ]);
    await d.pay(id, { amount: '20000.00', paidOn: '2024-07-01', fundId: fundB, voucherNo: '记-0003' });
    expect(await amounts(fundA)).toEqual({ available: '350000.00', committed: '0.00', disbursed: '150000.00' });
    expect(await amounts(fundB)).toEqual({ available: '50000.00', committed: '20000.00', disbursed: '30000.00' });
    expect((await d.project(id)).amounts).toMatchObject({
      committed: '200000.00',
      disbursed: '180000.00',
      remaining: '20000.00',
      advancesPaid: '60000.00',
    });

    // 完工 → 验收 at 190 000: 3 % retention (5 700) is held back until 2025-10-15.
    expect(await d.complete(id)).toMatchObject({ status: 'completed', completedOn: DATES.completed });
    const accepted = await d.accept(id, '190000.00');
    expect(accepted).toMatchObject({
      status: 'accepted',
      acceptanceResult: 'passed',
      retentionDueOn: '2025-10-15',
      amounts: { finalCost: '190000.00', retention: '5700.00' },
    });
    // The final payment follows the completion notice (2024-10-15 to 10-20, published by the driver).
    const tooMuch = await d.pay(
      id,
      { kind: 'final', amount: '4300.01', paidOn: '2024-10-21', voucherNo: '记-0004' },
      422,
    );
    expect(tooMuch).toMatchObject({
      code: 'RETENTION_NOT_DUE',
      details: { retention: '5700.00', dueOn: '2025-10-15' },
    });
    await d.pay(id, { kind: 'final', amount: '4300.00', paidOn: '2024-10-21', voucherNo: '记-0004' });
    expect(await d.project(id)).toMatchObject({
      status: 'accepted',
      amounts: { disbursed: '184300.00', remaining: '15700.00' },
    });

    // 质保金 released a year later: the paid total reaches the final cost, the project is settled and
    // the 10 000 committed beyond the final cost goes back to B's pool in the same entry.
    const release = await d.pay(id, {
      kind: 'retention_release',
      amount: '5700.00',
      paidOn: '2025-10-15',
      voucherNo: '记-0005',
    });
    expect(release).toMatchObject({ settles: true, funding: [{ fundId: fundB, amount: '5700.00' }] });
    const settled = await d.project(id);
    expect(settled).toMatchObject({
      status: 'settled',
      settledOn: '2025-10-15',
      amounts: { committed: '200000.00', released: '10000.00', disbursed: '190000.00', remaining: '0.00' },
    });
    expect(settled.amounts.byFund[1]).toMatchObject({
      fundId: fundB,
      released: '10000.00',
      disbursed: '40000.00',
      remaining: '0.00',
    });
    expect(await amounts(fundA)).toEqual({ available: '350000.00', committed: '0.00', disbursed: '150000.00' });
    expect(await amounts(fundB)).toEqual({ available: '60000.00', committed: '0.00', disbursed: '40000.00' });

    // The timeline is the project's journal entries, in order, each with its hash: each notice
    // comes before the step it allows (先公示、后实施).
    expect(settled.timeline.map((e: { type: string }) => e.type)).toEqual([
      'project.applied',
      'notice.published',
      'project.reviewed',
      'project.approved',
      'notice.published',
      'project.started',
      'disbursement.paid',
      'disbursement.paid',
      'disbursement.paid',
      'project.completed',
      'project.accepted',
      'notice.published',
      'disbursement.paid',
      'disbursement.paid',
    ]);
    // GET /projects/:id lists the three stage notices (三公示) it passed through, in order.
    expect(settled.notices.map((n: { type: string }) => n.type)).toEqual(['application', 'approval', 'completion']);
    expect(settled.notices[0]).toMatchObject({
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      pdfUrl: `/api/v1/notices/${settled.notices[0].id}/pdf`,
    });
    expect(settled.assets).toEqual([]);
    const last = settled.timeline[settled.timeline.length - 1];
    expect(last).toMatchObject({
      book: COUNTY,
      occurredOn: '2025-10-15',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(last.postings).toEqual(
      expect.arrayContaining([
        { account: `project:${id}`, fund: fundB, amount: '-10000.00' },
        { account: `pool:${COUNTY}`, fund: fundB, amount: '10000.00' },
      ]),
    );

    const payments = await d.get('auditor', `/api/v1/projects/${id}/disbursements`);
    expect(payments.items.map((p: { voucherNo: string }) => p.voucherNo)).toEqual([
      '记-0001',
      '记-0002',
      '记-0003',
      '记-0004',
      '记-0005',
    ]);
    expect(
      payments.items.every((p: { payee: { accountNo: string } }) => p.payee.accountNo === '************5678'),
    ).toBe(true);

    // No state change is possible after settlement.
    const again = await d.post(
      'program',
      `/api/v1/projects/${id}/cancel`,
      { cancelledOn: '2025-11-01', reason: '测试' },
      409,
    );
    expect(again).toMatchObject({ code: 'INVALID_STATE', details: { current: 'settled' } });

    const listed = await d.get('program', `/api/v1/projects?regionCode=${COUNTY}&status=settled&year=2024`);
    expect(listed.items.map((p: { id: string }) => p.id)).toEqual([id]);
    expect((await t.app.get(ReplayService).check()).ok).toBe(true);
  });

  it('keeps the bank account number out of the journal', async () => {
    const fund = await d.countyFund('10000.00');
    const id = await d.projectFunded([{ fundId: fund, amount: '5000.00' }]);
    const paid = await d.pay(id, {
      payee: { name: '后街村养殖合作社', type: 'cooperative', accountNo: '6217000099998888777' },
    });
    expect(paid.payee.accountNo).toBe('***************8777');
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM journal_entry WHERE convert_from(body, 'UTF8') LIKE '%6217000099998888777%'`,
    );
    expect(n).toBe(0);
    const [{ account_no }] = await t.db.query(
      `SELECT account_no FROM disbursement_payee_account WHERE disbursement_id = $1`,
      [paid.id],
    );
    expect(account_no).toBe('6217000099998888777');
  });

  it('cancels a project: what was committed and not paid goes back to the fund', async () => {
    const fund = await d.countyFund('100000.00');
    const id = await d.projectFunded([{ fundId: fund, amount: '80000.00' }]);
    expect(await amounts(fund)).toEqual({ available: '20000.00', committed: '80000.00', disbursed: '0.00' });
    await d.pay(id, { kind: 'advance', amount: '10000.00', paidOn: '2024-04-01' });

    const early = await d.post(
      'program',
      `/api/v1/projects/${id}/cancel`,
      { cancelledOn: '2024-03-31', reason: '村民大会决议终止' },
      422,
    );
    expect(early.code).toBe('DATE_ORDER');
    const cancelled = await d.post(
      'program',
      `/api/v1/projects/${id}/cancel`,
      { cancelledOn: '2024-04-10', reason: '村民大会决议终止' },
      200,
    );
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancelledOn: '2024-04-10',
      amounts: { committed: '80000.00', released: '70000.00', disbursed: '10000.00', remaining: '0.00' },
    });
    expect(await amounts(fund)).toEqual({ available: '90000.00', committed: '0.00', disbursed: '10000.00' });
    await d.pay(id, { paidOn: '2024-04-11' }, 409);

    // A project cancelled before approval has nothing to release.
    const unfunded = await d.apply();
    const plain = await d.post(
      'program',
      `/api/v1/projects/${unfunded}/cancel`,
      { cancelledOn: '2024-02-02', reason: '重复申报' },
      200,
    );
    expect(plain).toMatchObject({ status: 'cancelled', amounts: { committed: '0.00', released: '0.00' } });
    expect((await t.app.get(ReplayService).check()).ok).toBe(true);
  });

  it('settles at acceptance when everything is already paid, and releases the rest', async () => {
    const fund = await d.countyFund('5000.00');
    const id = await d.projectFunded([{ fundId: fund, amount: '3000.00' }]);
    await d.pay(id, { amount: '2500.00' });
    await d.complete(id);
    const accepted = await d.accept(id, '2500.00');
    expect(accepted).toMatchObject({
      status: 'settled',
      settledOn: DATES.accepted,
      amounts: { released: '500.00', disbursed: '2500.00', remaining: '0.00' },
    });
    expect(await amounts(fund)).toEqual({ available: '2500.00', committed: '0.00', disbursed: '2500.00' });
  });

  it('a reversed payment gives its money back to the project', async () => {
    const fund = await d.countyFund('5000.00');
    const id = await d.projectFunded([{ fundId: fund, amount: '3000.00' }]);
    const paid = await d.pay(id, { kind: 'advance', amount: '900.00' });
    await d.post(
      'finance',
      `/api/v1/entries/${COUNTY}/${paid.entrySeq}/reverse`,
      { reason: '凭证错误', reversedOn: '2024-04-02' },
      201,
    );
    expect((await d.project(id)).amounts).toMatchObject({
      disbursed: '0.00',
      remaining: '3000.00',
      advancesPaid: '0.00',
    });
    const [row] = (await d.get('finance', `/api/v1/projects/${id}/disbursements`)).items;
    expect(row.reversedSeq).toBeGreaterThan(paid.entrySeq);
    await d.pay(id, { kind: 'advance', amount: '900.00', paidOn: '2024-04-03' });
    expect((await t.app.get(ReplayService).check()).ok).toBe(true);
  });
});
