import { acceptedProject, household, operatingAsset } from '../assets/asset-fixtures';
import { CITY, COUNTY, PROVINCE, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { allocate, findingsOf, upperFund } from './audit-fixtures';

const contractor = (name: string, accountNo?: string) => ({
  name,
  type: 'contractor',
  ...(accountNo ? { accountNo } : {}),
});

describe('audit: money rules fire on the irregularity and stay quiet at the threshold', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let fund: string;
  const about = <T extends { subject: { id: string } }>(items: T[], id: string) =>
    items.filter((f) => f.subject.id === id);
  /** A started project funded from the big county fund. */
  const project = (amount: string, over: Record<string, unknown> = {}) =>
    d.projectFunded([{ fundId: fund, amount }], {
      over: { budget: (Number(amount) + 20000).toFixed(2), ...over },
    });

  beforeAll(async () => {
    t = await createTestApp();
    const tokens = await projectTokens(t);
    tokens.provinceAuditor = await t.tokenFor('auditor', PROVINCE);
    d = new ProjectDriver(t, tokens);
    fund = await d.countyFund('5000000.00');
  });
  afterAll(() => t.close());

  describe('idle_funds (AUDIT_IDLE_DAYS 365, high at AUDIT_IDLE_HIGH_DAYS 730)', () => {
    let idle: string;
    let used: string;
    beforeAll(async () => {
      idle = await d.countyFund('1000.00', undefined, '2024-01-10');
      used = await d.countyFund('100.00', undefined, '2024-01-10');
      await d.projectFunded([{ fundId: used, amount: '100.00' }], { start: false });
    });

    it('is quiet one day before the 365th day and fires on it, with the fund document as evidence', async () => {
      expect(about(await findingsOf(d, 'idle_funds', '2025-01-08'), idle)).toEqual([]);
      const [f] = about(await findingsOf(d, 'idle_funds', '2025-01-09'), idle);
      expect(f).toMatchObject({ severity: 'medium', amount: '1000.00', since: '2024-01-10' });
      expect(f.detail).toContain('365 天');
      const [{ entry_seq }] = await t.db.query(`SELECT entry_seq FROM fund WHERE id = $1`, [idle]);
      expect(f.evidence).toContainEqual({ book: COUNTY, seq: Number(entry_seq) });
    });

    it('is high (收回统筹) from the 730th day; a fund committed in full is never idle', async () => {
      expect(about(await findingsOf(d, 'idle_funds', '2026-01-08'), idle)[0].severity).toBe('medium');
      const [f] = about(await findingsOf(d, 'idle_funds', '2026-01-09'), idle);
      expect(f.severity).toBe('high');
      expect(f.detail).toContain('收回统筹');
      expect(about(await findingsOf(d, 'idle_funds', '2026-01-09'), used)).toEqual([]);
    });
  });

  describe('held_back (AUDIT_HELD_BACK_DAYS 30)', () => {
    let top: string;
    beforeAll(async () => {
      top = await upperFund(d, '1000.00', { issuedOn: '2024-01-10' });
      await allocate(d, 'provinceFinance', top, CITY, '400.00', '2024-01-20');
    });

    it('is quiet on the 30th day after receipt and fires on the 31st with what the province kept', async () => {
      const opts = { who: 'provinceAuditor', regionCode: PROVINCE };
      expect(about(await findingsOf(d, 'held_back', '2024-02-09', opts), top)).toEqual([]);
      const [f] = about(await findingsOf(d, 'held_back', '2024-02-10', opts), top);
      expect(f).toMatchObject({ rule: 'held_back', amount: '600.00', since: '2024-01-10' });
      expect(f.evidence.length).toBe(2); // the document and the allocation that left the rest
    });

    it('a county is never an upper level: its own funds are not held back', async () => {
      const items = await findingsOf(d, 'held_back', '2025-06-30', { who: 'provinceAuditor', regionCode: PROVINCE });
      expect(items.every((f) => f.evidence.every((e) => e.book !== COUNTY))).toBe(true);
      expect(items.length).toBeGreaterThan(0);
    });
  });

  describe('industry_share (AUDIT_INDUSTRY_MIN_PERCENT 55)', () => {
    const approvedEarly = async (category: string, amount: string, approvedOn: string) => {
      const id = await d.apply({ category });
      await d.review(id);
      await d.approve(id, [{ fundId: fund, amount }], approvedOn);
      return id;
    };

    it('55.00 % is enough; one fen more for works makes it 54.99 % and fires', async () => {
      await approvedEarly('产业发展', '55.00', '2024-02-20');
      await approvedEarly('基础设施', '45.00', '2024-02-20');
      expect(await findingsOf(d, 'industry_share', '2024-02-25')).toEqual([]);
      await approvedEarly('基础设施', '0.01', '2024-02-27');
      const [f] = await findingsOf(d, 'industry_share', '2024-02-28');
      expect(f).toMatchObject({ subject: { type: 'region', id: COUNTY }, amount: '45.01' });
      expect(f.detail).toContain('54.9');
      expect(f.evidence.length).toBe(3);
    });
  });

  describe('over_contract', () => {
    it('paying the contract amount is quiet; one fen above fires with the payment past it', async () => {
      const id = await project('250000.00'); // contract 198000.00
      await d.pay(id, { amount: '198000.00', paidOn: '2024-04-01' });
      const over = await d.pay(id, { amount: '0.01', paidOn: '2024-04-05' });
      expect(about(await findingsOf(d, 'over_contract', '2024-04-04'), id)).toEqual([]);
      const [f] = about(await findingsOf(d, 'over_contract', '2024-04-05'), id);
      expect(f).toMatchObject({
        amount: '0.01',
        since: '2024-04-05',
        evidence: [{ book: COUNTY, seq: over.entrySeq }],
      });
    });
  });

  describe('split_payments (AUDIT_SPLIT_THRESHOLD_YUAN 100000 within AUDIT_SPLIT_WINDOW_DAYS 30)', () => {
    let id: string;
    const pay = (payee: string, amount: string, paidOn: string) =>
      d.pay(id, { amount, paidOn, payee: contractor(payee) });
    beforeAll(async () => {
      id = await project('1000000.00', { category: '到户产业奖补' });
      await pay('甲劳务公司', '60000.00', '2024-05-01');
      await pay('甲劳务公司', '40000.01', '2024-05-31');
      await pay('乙劳务公司', '60000.00', '2024-05-01');
      await pay('乙劳务公司', '40000.00', '2024-05-31');
      await pay('丙劳务公司', '60000.00', '2024-05-01');
      await pay('丙劳务公司', '40000.01', '2024-06-01');
    });

    it('fires for payments each under the threshold, together above it, 30 days apart', async () => {
      const items = about(await findingsOf(d, 'split_payments', '2024-12-31'), id).length;
      expect(items).toBe(0); // payees are the subjects, not the project
      const all = await findingsOf(d, 'split_payments', '2024-12-31');
      expect(all.map((f) => [f.subject.name, f.amount])).toEqual([['甲劳务公司', '100000.01']]);
      expect(all[0].evidence.length).toBe(2);
      expect(all[0].since).toBe('2024-05-01');
    });

    it('is quiet before the second payment, at exactly the threshold, and 31 days apart', async () => {
      expect(await findingsOf(d, 'split_payments', '2024-05-30')).toEqual([]);
    });

    it('fires across two projects of one township', async () => {
      const a = await project('60000.00');
      const b = await project('60000.00');
      await d.pay(a, { amount: '50000.00', paidOn: '2024-07-01', payee: contractor('丁建筑公司') });
      await d.pay(b, { amount: '50000.01', paidOn: '2024-07-10', payee: contractor('丁建筑公司') });
      const items = (await findingsOf(d, 'split_payments', '2024-12-31')).filter(
        (f) => f.subject.name === '丁建筑公司',
      );
      expect(items.map((f) => f.amount)).toEqual(['100000.01']);
      expect(items[0].detail).toContain('411103100000');
    });
  });

  describe('works_paid_to_individual and industry_cash_to_households (AUDIT_INDUSTRY_TO_HOUSEHOLDS_PERCENT 50)', () => {
    let h: string;
    const toHousehold = (id: string, amount: string) =>
      d.pay(id, {
        kind: 'household',
        amount,
        paidOn: '2024-06-01',
        payee: { name: '户主', type: 'household', householdId: h },
      });
    beforeAll(async () => {
      h = await household(d, 11, 'full');
    });

    it('a works project paid to a household fires; an industry project paid to one does not', async () => {
      const road = await project('100.00', { category: '基础设施', name: '后街村道路硬化' });
      const farm = await project('100.00', { category: '产业发展' });
      await toHousehold(road, '10.00');
      await toHousehold(farm, '10.00');
      const items = await findingsOf(d, 'works_paid_to_individual', '2024-12-31');
      expect(items.map((f) => [f.subject.id, f.amount])).toEqual([[road, '10.00']]);
      expect(about(items, farm)).toEqual([]);
    });

    it('an industry project paying 50 % to households fires; 49.99 % stays quiet', async () => {
      const half = await project('100.00', { category: '产业发展' });
      await toHousehold(half, '50.00');
      await d.pay(half, { amount: '50.00', paidOn: '2024-06-02' });
      const less = await project('100.00', { category: '产业发展' });
      await toHousehold(less, '49.99');
      await d.pay(less, { amount: '50.01', paidOn: '2024-06-02' });
      const items = await findingsOf(d, 'industry_cash_to_households', '2024-12-31');
      expect(about(items, half)).toEqual([expect.objectContaining({ amount: '50.00', severity: 'medium' })]);
      expect(about(items, less)).toEqual([]);
    });
  });

  describe('paid_after_exit and one_account_many_names', () => {
    it('a household paid after the exit date recorded for it fires; paid on that day does not', async () => {
      const id = await project('100.00', { category: '到户产业奖补' });
      const [late, onTheDay] = [await household(d, 21, 'full'), await household(d, 22, 'full')];
      for (const h of [late, onTheDay])
        await d.pay(id, {
          kind: 'household',
          amount: '5.00',
          paidOn: '2024-06-01',
          payee: { name: '户主', type: 'household', householdId: h },
        });
      await d.post('village', `/api/v1/households/${late}/exit`, { until: '2024-05-31', reason: '稳定脱贫' }, 201);
      await d.post('village', `/api/v1/households/${onTheDay}/exit`, { until: '2024-06-01', reason: '稳定脱贫' }, 201);
      const items = await findingsOf(d, 'paid_after_exit', '2024-12-31');
      expect(items.map((f) => [f.subject.id, f.amount, f.since])).toEqual([[late, '5.00', '2024-06-01']]);
    });

    it('an asset income distribution to a household after its exit fires too', async () => {
      const id = await acceptedProject(d, [{ fundId: fund, amount: '300.00' }]);
      const asset = await d.post('program', `/api/v1/projects/${id}/assets`, operatingAsset({ value: '300.00' }), 201);
      const h = await household(d, 31, 'none');
      await d.post(
        'village',
        `/api/v1/assets/${asset.id}/income`,
        { amount: '100.00', receivedOn: '2025-03-31', period: '2025-Q1', source: '电费结算' },
        201,
      );
      const body = { distributedOn: '2025-04-10', items: [{ householdId: h, amount: '40.00' }] };
      const paid = await d.post('village', `/api/v1/assets/${asset.id}/distributions`, body, 201);
      expect(about(await findingsOf(d, 'paid_after_exit', '2025-06-30'), h)).toEqual([]);
      await d.post('village', `/api/v1/households/${h}/exit`, { until: '2025-04-09', reason: '自然消亡' }, 201);
      const [f] = about(await findingsOf(d, 'paid_after_exit', '2025-06-30'), h);
      expect(f).toMatchObject({
        amount: '40.00',
        since: '2025-04-10',
        evidence: [{ book: COUNTY, seq: paid.entrySeq }],
      });
      expect(f.detail).toContain('资产收益分配 1 笔');
    });

    it('one account under two payee names fires, masked; one name twice does not', async () => {
      const id = await project('100.00');
      await d.pay(id, { amount: '1.00', payee: contractor('戊公司', '6228480099990001') });
      await d.pay(id, { amount: '1.00', payee: contractor('己公司', '6228480099990001') });
      await d.pay(id, { amount: '1.00', payee: contractor('庚公司', '6228480099990002') });
      await d.pay(id, { amount: '1.00', payee: contractor('庚公司', '6228480099990002') });
      const res = await t
        .http()
        .get(`/api/v1/audit/findings?regionCode=${COUNTY}&asOf=2024-12-31&rule=one_account_many_names`)
        .set(d.as('auditor'))
        .expect(200);
      expect(res.body.items.map((f: { subject: { id: string }; amount: string }) => [f.subject.id, f.amount])).toEqual([
        ['************0001', '2.00'],
      ]);
      expect(res.body.items[0].detail).toContain('戊公司');
      expect(JSON.stringify(res.body)).not.toContain('6228480099990001');
    });
  });

  it('reversed payments do not count: reversing the payment past the contract quiets over_contract', async () => {
    const id = await project('250000.00');
    await d.pay(id, { amount: '198000.00', paidOn: '2024-04-01' });
    const over = await d.pay(id, { amount: '1.00', paidOn: '2024-04-05' });
    await d.post(
      'finance',
      `/api/v1/entries/${COUNTY}/${over.entrySeq}/reverse`,
      { reason: '超付', reversedOn: '2024-04-10' },
      201,
    );
    expect(about(await findingsOf(d, 'over_contract', '2024-04-09'), id)).toHaveLength(1);
    expect(about(await findingsOf(d, 'over_contract', '2024-04-10'), id)).toEqual([]);
  });
});
