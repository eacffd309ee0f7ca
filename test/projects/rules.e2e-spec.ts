import { randomUUID } from 'node:crypto';
import { ReplayService } from '../../src/journal/replay/replay.service';
import { CITY, COUNTY, payment, projectBody, ProjectDriver, projectTokens, VILLAGE } from '../support/project-fixtures';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';

type Case = [string, string, () => [string, Record<string, unknown>], number, string, Record<string, unknown>?];

describe('projects and disbursements: every rule is a coded error, and nothing is written', () => {
  let t: TestApp;
  let d: ProjectDriver;
  const p: Record<string, string> = {};
  const f: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
    f.main = await d.countyFund('1000000.00');
    f.small = await d.countyFund('1000.00');
    f.city = (
      await d.post(
        'cityFinance',
        '/api/v1/funds',
        {
          docNo: '漯财农〔2024〕1号',
          title: '市级衔接资金',
          sourceLevel: 'municipal',
          regionCode: CITY,
          amount: '50000.00',
          issuedOn: '2024-01-10',
        },
        201,
      )
    ).id;

    p.applied = await d.apply();
    p.reviewed = await d.apply();
    await d.review(p.reviewed);
    p.early = await d.apply({ appliedOn: '2023-12-01' });
    // After its application notice (2023-12-01 to 12-08, published by the driver).
    await d.review(p.early, '2023-12-09');
    p.approved = await d.projectFunded([{ fundId: f.main, amount: '10000.00' }], { start: false });
    // in progress: 10 500 committed from two funds, advance limit 3 150.
    p.started = await d.projectFunded([
      { fundId: f.main, amount: '10000.00' },
      { fundId: f.small, amount: '500.00' },
    ]);
    p.completed = await d.projectFunded([{ fundId: f.main, amount: '10000.00' }]);
    await d.complete(p.completed);
    // accepted recently at 9 000: retention 270 due 2027-06-01; 5 000 paid, at most 8 730 before release.
    p.accepted = await d.projectFunded([{ fundId: f.main, amount: '10000.00' }]);
    await d.pay(p.accepted, { amount: '5000.00', voucherNo: '记-重复' });
    await d.complete(p.accepted, '2026-05-20');
    await d.accept(p.accepted, '9000.00', '2026-06-01');
    await d.notice(p.accepted, 'completion');
    p.settled = await d.projectFunded([{ fundId: f.main, amount: '3000.00' }]);
    await d.pay(p.settled, { amount: '3000.00' });
    await d.complete(p.settled);
    await d.accept(p.settled, '3000.00');
  });
  afterAll(() => t.close());

  const projects = '/api/v1/projects';
  const step = (key: string, verb: string, body: Record<string, unknown>) => (): [string, Record<string, unknown>] => [
    `${projects}/${p[key]}/${verb}`,
    body,
  ];
  // Built when the case runs, so that getters can read ids made in beforeAll.
  const pay =
    (key: string, over: Record<string, unknown> = {}) =>
    (): [string, Record<string, unknown>] => [`${projects}/${p[key]}/disbursements`, payment(over)];
  const approval = (funding: () => Array<Record<string, unknown>>, approvedOn = '2024-03-01') => ({
    approvalDocNo: '郾乡振〔2024〕9号',
    approvedOn,
    get funding() {
      return funding();
    },
  });
  const { performanceGoal: _goal, ...noGoal } = projectBody();

  const cases: Case[] = [
    // 申报
    ['an application without a performance goal', 'village', () => [projects, noGoal], 400, 'VALIDATION_FAILED'],
    [
      'a blank performance goal',
      'village',
      () => [projects, projectBody({ performanceGoal: '   ' })],
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a budget as a JSON number',
      'village',
      () => [projects, projectBody({ budget: 220000 })],
      400,
      'VALIDATION_FAILED',
    ],
    [
      'self-funded above the budget',
      'village',
      () => [projects, projectBody({ selfFunded: '220000.01' })],
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a project of the county itself',
      'program',
      () => [projects, projectBody({ regionCode: COUNTY })],
      400,
      'VALIDATION_FAILED',
    ],
    [
      'planned end before planned start',
      'village',
      () => [projects, projectBody({ plannedEnd: '2024-03-14' })],
      422,
      'DATE_ORDER',
    ],
    [
      'an application dated in the future',
      'village',
      () => [projects, projectBody({ appliedOn: '2999-01-01' })],
      400,
      'VALIDATION_FAILED',
    ],
    ['an unknown field', 'village', () => [projects, projectBody({ approved: true })], 400, 'VALIDATION_FAILED'],
    ['another village applying here', 'otherVillage', () => [projects, projectBody()], 403, 'OUT_OF_SCOPE'],
    ['finance applying', 'finance', () => [projects, projectBody()], 403, 'FORBIDDEN'],
    ['an auditor applying', 'auditor', () => [projects, projectBody()], 403, 'FORBIDDEN'],
    // 审核
    [
      'a village reviewing',
      'village',
      step('applied', 'review', { decision: 'approve', opinion: '同意', reviewedOn: '2024-02-10' }),
      403,
      'FORBIDDEN',
    ],
    [
      'another township reviewing',
      'otherTownship',
      step('applied', 'review', { decision: 'approve', opinion: '同意', reviewedOn: '2024-02-10' }),
      403,
      'OUT_OF_SCOPE',
    ],
    [
      'a review dated before the application',
      'township',
      step('applied', 'review', { decision: 'approve', opinion: '同意', reviewedOn: '2024-01-31' }),
      422,
      'DATE_ORDER',
    ],
    [
      'reviewing an approved project',
      'township',
      step('approved', 'review', { decision: 'approve', opinion: '同意', reviewedOn: '2024-03-02' }),
      409,
      'INVALID_STATE',
      { current: 'approved', required: ['applied'] },
    ],
    [
      'an unknown decision',
      'township',
      step('applied', 'review', { decision: 'maybe', opinion: '同意', reviewedOn: '2024-02-10' }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a project that does not exist',
      'township',
      () => [`${projects}/${randomUUID()}/review`, { decision: 'approve', opinion: '同意', reviewedOn: '2024-02-10' }],
      404,
      'NOT_FOUND',
    ],
    // 审批
    [
      'approving an application not yet reviewed',
      'program',
      step(
        'applied',
        'approve',
        approval(() => [{ fundId: f.main, amount: '100.00' }]),
      ),
      409,
      'INVALID_STATE',
      { current: 'applied', required: ['reviewed'] },
    ],
    [
      'a township program office approving',
      'townshipProgram',
      step(
        'reviewed',
        'approve',
        approval(() => [{ fundId: f.main, amount: '100.00' }]),
      ),
      403,
      'FORBIDDEN',
    ],
    [
      'a fund of the city books',
      'program',
      step(
        'reviewed',
        'approve',
        approval(() => [{ fundId: f.city, amount: '100.00' }]),
      ),
      422,
      'UNKNOWN_FUND',
    ],
    [
      'more than the fund has',
      'program',
      step(
        'reviewed',
        'approve',
        approval(() => [{ fundId: f.small, amount: '1000.01' }]),
      ),
      422,
      'INSUFFICIENT_FUNDS',
    ],
    [
      'more than the fiscal budget',
      'program',
      step(
        'reviewed',
        'approve',
        approval(() => [{ fundId: f.main, amount: '200000.01' }]),
      ),
      422,
      'OVER_COMMITMENT',
    ],
    [
      'the same fund twice',
      'program',
      step(
        'reviewed',
        'approve',
        approval(() => [
          { fundId: f.main, amount: '1.00' },
          { fundId: f.main, amount: '2.00' },
        ]),
      ),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'no funding',
      'program',
      step(
        'reviewed',
        'approve',
        approval(() => []),
      ),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'approving before the fund document',
      'program',
      step(
        'early',
        'approve',
        approval(() => [{ fundId: f.main, amount: '100.00' }], '2024-01-05'),
      ),
      422,
      'DATE_ORDER',
    ],
    [
      'approving before the review',
      'program',
      step(
        'reviewed',
        'approve',
        approval(() => [{ fundId: f.main, amount: '100.00' }], '2024-02-09'),
      ),
      422,
      'DATE_ORDER',
    ],
    // 实施, 完工, 验收
    [
      'starting a reviewed project',
      'program',
      step('reviewed', 'start', { startedOn: '2024-03-15' }),
      409,
      'INVALID_STATE',
    ],
    [
      'starting before the approval',
      'program',
      step('approved', 'start', { startedOn: '2024-02-29' }),
      422,
      'DATE_ORDER',
    ],
    [
      'completing an approved project',
      'village',
      step('approved', 'complete', { completedOn: '2024-09-30' }),
      409,
      'INVALID_STATE',
    ],
    [
      'accepting an in-progress project',
      'program',
      step('started', 'accept', { acceptedOn: '2024-10-15', result: 'passed', finalCost: '100.00', opinion: '合格' }),
      409,
      'INVALID_STATE',
    ],
    [
      'accepting above the committed amount',
      'program',
      step('completed', 'accept', {
        acceptedOn: '2024-10-15',
        result: 'passed',
        finalCost: '10000.01',
        opinion: '合格',
      }),
      422,
      'OVER_COMMITMENT',
    ],
    [
      'accepting before completion',
      'program',
      step('completed', 'accept', { acceptedOn: '2024-09-29', result: 'passed', finalCost: '100.00', opinion: '合格' }),
      422,
      'DATE_ORDER',
    ],
    [
      'a village accepting',
      'village',
      step('completed', 'accept', { acceptedOn: '2024-10-15', result: 'passed', finalCost: '100.00', opinion: '合格' }),
      403,
      'FORBIDDEN',
    ],
    // 拨付
    [
      'paying before works start',
      'finance',
      pay('approved'),
      409,
      'INVALID_STATE',
      { current: 'approved', required: ['in_progress', 'completed'] },
    ],
    ['a payment dated before works start', 'finance', pay('started', { paidOn: '2024-03-14' }), 422, 'DATE_ORDER'],
    [
      'advances above 30 % of the approved amount',
      'finance',
      pay('started', { kind: 'advance', amount: '3150.01' }),
      422,
      'ADVANCE_LIMIT_EXCEEDED',
    ],
    ['more than is committed', 'finance', pay('started', { amount: '10500.01' }), 422, 'OVER_COMMITMENT'],
    [
      'more than the named fund has left',
      'finance',
      pay('started', {
        amount: '500.01',
        get fundId() {
          return f.small;
        },
      }),
      422,
      'OVER_COMMITMENT',
    ],
    [
      'a fund that does not fund the project',
      'finance',
      pay('started', {
        get fundId() {
          return f.city;
        },
      }),
      422,
      'UNKNOWN_FUND',
    ],
    [
      'a final payment before acceptance',
      'finance',
      pay('completed', { kind: 'final', paidOn: '2024-10-20' }),
      409,
      'INVALID_STATE',
    ],
    [
      'a final payment dated before acceptance',
      'finance',
      pay('accepted', { kind: 'final', paidOn: '2026-05-31' }),
      422,
      'DATE_ORDER',
    ],
    [
      'a final payment into the retention',
      'finance',
      pay('accepted', { kind: 'final', amount: '3730.01', paidOn: '2026-06-02' }),
      422,
      'RETENTION_NOT_DUE',
    ],
    [
      'releasing the retention before it is due',
      'finance',
      pay('accepted', { kind: 'retention_release', amount: '270.00', paidOn: '2026-06-02' }),
      422,
      'RETENTION_NOT_DUE',
      { dueOn: '2027-06-01' },
    ],
    [
      'paying beyond the final cost',
      'finance',
      pay('accepted', { kind: 'final', amount: '4000.01', paidOn: '2026-06-02' }),
      422,
      'OVER_COMMITMENT',
    ],
    [
      'paying a settled project',
      'finance',
      pay('settled', { kind: 'final', paidOn: '2024-10-20' }),
      409,
      'INVALID_STATE',
    ],
    ['a voucher number used before', 'finance', pay('started', { voucherNo: '记-重复' }), 409, 'ALREADY_EXISTS'],
    [
      'a household payment to a household not registered',
      'finance',
      pay('started', { kind: 'household', payee: { name: '王秀英', type: 'household', householdId: randomUUID() } }),
      422,
      'HOUSEHOLD_NOT_ELIGIBLE',
    ],
    [
      'a household payee without its id',
      'finance',
      pay('started', { kind: 'household', payee: { name: '王秀英', type: 'household' } }),
      400,
      'VALIDATION_FAILED',
    ],
    ['a household payment to a contractor', 'finance', pay('started', { kind: 'household' }), 400, 'VALIDATION_FAILED'],
    [
      'an account number with letters',
      'finance',
      pay('started', { payee: { name: '某公司', type: 'contractor', accountNo: '6228-ABCD' } }),
      400,
      'VALIDATION_FAILED',
    ],
    ['an amount with 3 decimals', 'finance', pay('started', { amount: '10.001' }), 400, 'VALIDATION_FAILED'],
    ['a payment dated in the future', 'finance', pay('started', { paidOn: '2999-01-01' }), 400, 'VALIDATION_FAILED'],
    ['an unknown kind of payment', 'finance', pay('started', { kind: 'bonus' }), 400, 'VALIDATION_FAILED'],
    ['a program office paying', 'program', pay('started'), 403, 'FORBIDDEN'],
    ['finance of another township paying', 'otherFinance', pay('started'), 403, 'OUT_OF_SCOPE'],
    // 终止
    [
      'cancelling a settled project',
      'program',
      step('settled', 'cancel', { cancelledOn: '2024-11-01', reason: '测试' }),
      409,
      'INVALID_STATE',
    ],
    [
      'cancelling before the last step',
      'program',
      step('completed', 'cancel', { cancelledOn: '2024-09-29', reason: '测试' }),
      422,
      'DATE_ORDER',
    ],
    [
      'finance cancelling',
      'finance',
      step('completed', 'cancel', { cancelledOn: '2024-10-01', reason: '测试' }),
      403,
      'FORBIDDEN',
    ],
  ];

  // Rest parameters: jest would take a sixth named parameter for a done callback.
  it.each(cases)('%s', async (...args: Case) => {
    const [, who, request, status, code, details] = args;
    const before = await tableCounts(t.db);
    const [url, body] = request();
    const res = await t.http().post(url).set(d.as(who)).send(body).expect(status);
    expect(res.body.code).toBe(code);
    if (details) expect(res.body.details).toMatchObject(details);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it("reads only in scope: a village sees its own projects, not its neighbour's", async () => {
    await t.http().get(`${projects}/${p.applied}`).set(d.as('otherVillage')).expect(403);
    await t.http().get(`${projects}?regionCode=${COUNTY}`).set(d.as('village')).expect(403);
    const own = await d.get('village', `${projects}?regionCode=${VILLAGE}&status=in_progress`);
    expect(own.items.map((x: { id: string }) => x.id)).toEqual([p.started]);
    const page = await d.get('auditor', `${projects}?limit=2`);
    expect(page.items).toHaveLength(2);
    const next = await d.get('auditor', `${projects}?limit=100&cursor=${page.nextCursor}`);
    expect(new Set([...page.items, ...next.items].map((x: { id: string }) => x.id)).size).toBe(Object.keys(p).length);
  });

  it('a failed acceptance ends the payments; cancelling it releases the commitment', async () => {
    const id = await d.projectFunded([{ fundId: f.small, amount: '200.00' }]);
    await d.complete(id);
    expect(await d.accept(id, '0.00', '2024-10-15', 'failed')).toMatchObject({
      status: 'failed',
      acceptanceResult: 'failed',
    });
    await d.pay(id, { kind: 'final', paidOn: '2024-10-20' }, 409);
    const cancelled = await d.post(
      'program',
      `${projects}/${id}/cancel`,
      { cancelledOn: '2024-10-20', reason: '验收不合格' },
      200,
    );
    expect(cancelled.amounts).toMatchObject({ released: '200.00', remaining: '0.00' });
    expect((await t.app.get(ReplayService).check()).ok).toBe(true);
  });
});
