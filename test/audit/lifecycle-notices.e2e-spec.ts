import { CITY, COUNTY, OTHER_TOWNSHIP, plusDays, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { about, evidenceEntries, runRule } from './lifecycle-fixtures';

/** Notices (三公示一公告) and corrections, through the HTTP API with 2024–2025 dates. */
describe('audit lifecycle rules: notices and reversals', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let fund: string;
  const p: Record<string, string> = {};
  const reversalSeqs: number[] = [];

  const announce = (periodStart: string, year: number) =>
    d.post(
      'finance',
      '/api/v1/notices',
      { type: 'announcement', regionCode: COUNTY, periodStart, issuer: '郾城区财政局', year },
      201,
    );

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
    // The county's 2024 money: its own document and an allocation from the city, both on 2024-01-10.
    fund = await d.countyFund('1000000.00', undefined, '2024-01-10');
    const body = { docNo: '漯财农〔2024〕1号', title: '市级衔接资金', sourceLevel: 'municipal', regionCode: CITY };
    const city = await d.post(
      'cityFinance',
      '/api/v1/funds',
      { ...body, amount: '50000.00', issuedOn: '2024-01-05' },
      201,
    );
    const allocation = { toRegionCode: COUNTY, amount: '30000.00', docNo: '漯财农〔2024〕2号', issuedOn: '2024-01-10' };
    await d.post('cityFinance', `/api/v1/funds/${city.id}/allocations`, allocation, 201);
    await announce('2024-03-01', 2024);
    // 2025 money and no announcement for 2025.
    await d.countyFund('1000.00', undefined, '2025-02-01');

    d.autoNotices = false;
    // Applied 2024-02-01, never publicised.
    p.silent = await d.apply();
    // Publicised on application; approved 2024-03-01, its approval notice only from 2024-03-20.
    p.late = await d.apply();
    await d.notice(p.late, 'application');
    await d.review(p.late);
    await d.approve(p.late, [{ fundId: fund, amount: '100000.00' }]);
    await d.notice(p.late, 'approval', { periodStart: '2024-03-20' });
    await d.start(p.late, '2024-04-01');
    // Three payments reversed in May 2024 (two by 05-20), one reversed in June.
    for (const day of ['10', '15', '25', '28']) {
      const paid = await d.pay(p.late, { amount: '10.00', paidOn: '2024-05-01' });
      const reversedOn = day === '28' ? '2024-06-03' : `2024-05-${day}`;
      const reversal = { reason: '凭证号录入错误', reversedOn };
      const entry = await d.post('finance', `/api/v1/entries/${COUNTY}/${paid.entrySeq}/reverse`, reversal, 201);
      reversalSeqs.push(entry.seq);
    }
    // Accepted 2024-10-15, its completion notice only from 2024-11-05.
    await d.complete(p.late);
    await d.accept(p.late, '0.01');
    await d.notice(p.late, 'completion', { periodStart: '2024-11-05' });
  });
  afterAll(() => t.close());

  describe('notice_missing', () => {
    it('fires 10 days after application without an application notice, pointing at the application', async () => {
      const [f, ...more] = about(await runRule(t, 'notice_missing', plusDays('2024-02-01', 10)), p.silent);
      expect(more).toEqual([]);
      expect(f).toMatchObject({ severity: 'high', since: '2024-02-01' });
      expect(f.detail).toContain('于2024-02-01申报,至2024-02-11已10天仍未发布申报公示');
      expect((await evidenceEntries(t, f)).map((e) => e.type)).toEqual(['project.applied']);
    });

    it('fires for an approval and an acceptance whose notices came late, until they were issued', async () => {
      const [approval] = about(await runRule(t, 'notice_missing', '2024-03-19'), p.late);
      expect(approval).toMatchObject({ since: '2024-03-01' });
      expect(approval.detail).toContain('批复公示');
      expect((await evidenceEntries(t, approval)).map((e) => e.type)).toEqual(['project.approved']);
      const [completion] = about(await runRule(t, 'notice_missing', '2024-11-04'), p.late);
      expect(completion).toMatchObject({ since: '2024-10-15' });
      expect(completion.detail).toContain('验收公示');
    });

    it('stays quiet on day 9, and once each notice is issued', async () => {
      expect(about(await runRule(t, 'notice_missing', plusDays('2024-02-01', 9)), p.silent)).toEqual([]);
      expect(about(await runRule(t, 'notice_missing', plusDays('2024-03-01', 9)), p.late)).toEqual([]);
      expect(about(await runRule(t, 'notice_missing', '2024-03-20'), p.late)).toEqual([]);
      expect(about(await runRule(t, 'notice_missing', '2024-11-05'), p.late)).toEqual([]);
    });
  });

  describe('announcement_missing', () => {
    it('fires 30 days after the first money of 2024 arrived, with both documents as evidence', async () => {
      const [f, ...more] = await runRule(t, 'announcement_missing', plusDays('2024-01-10', 30));
      expect(more).toEqual([]);
      expect(f).toMatchObject({ severity: 'high', subject: { type: 'region', id: COUNTY }, amount: '1030000.00' });
      expect(f.detail).toContain('2024年度已下达资金2笔共1030000.00元(首笔2024-01-10)');
      const types = (await evidenceEntries(t, f)).map((e) => e.type).sort();
      expect(types).toEqual(['fund.allocation_received', 'fund.received']);
    });

    it('fires for 2025, whose money has no announcement of its own', async () => {
      const [f, ...more] = await runRule(t, 'announcement_missing', plusDays('2025-02-01', 30));
      expect(more).toEqual([]);
      expect(f).toMatchObject({ since: '2025-02-01', amount: '1000.00' });
    });

    it('stays quiet on day 29 and after the 2024 announcement', async () => {
      expect(await runRule(t, 'announcement_missing', plusDays('2024-01-10', 29))).toEqual([]);
      expect(await runRule(t, 'announcement_missing', '2024-03-01')).toEqual([]);
      expect(await runRule(t, 'announcement_missing', plusDays('2025-02-01', 29))).toEqual([]);
    });
  });

  describe('reversals_above_limit', () => {
    it('fires for the book and the actor with three reversals in May 2024 above a limit of two', async () => {
      const found = await runRule(t, 'reversals_above_limit', '2024-05-31', { reversalsPerMonth: 2 });
      expect(found.map((f) => f.subject.type).sort()).toEqual(['actor', 'book']);
      for (const f of found) {
        expect(f).toMatchObject({ severity: 'medium', since: '2024-05-10' });
        expect(f.evidence.map((e) => e.seq)).toEqual(reversalSeqs.slice(0, 3));
        expect(f.detail).toContain('2024年5月共冲正3笔,超过每月2笔的限度');
      }
      expect(found.find((f) => f.subject.type === 'book')!.subject.id).toBe(COUNTY);
      expect((await evidenceEntries(t, found[0])).every((e) => e.type === 'entry.reversed')).toBe(true);
    });

    it('stays quiet at the limit: two by 2024-05-20, or a limit of three, or June', async () => {
      expect(await runRule(t, 'reversals_above_limit', '2024-05-20', { reversalsPerMonth: 2 })).toEqual([]);
      expect(await runRule(t, 'reversals_above_limit', '2024-06-30', { reversalsPerMonth: 3 })).toEqual([]);
      const june = await runRule(t, 'reversals_above_limit', '2024-06-30', { reversalsPerMonth: 2 });
      expect(june.every((f) => f.since!.startsWith('2024-05'))).toBe(true);
      expect(await runRule(t, 'reversals_above_limit', '2024-05-31')).toEqual([]);
    });
  });

  it('finds nothing in another township of the same county on a day it fires in the county', async () => {
    const firing = [
      ['notice_missing', '2024-02-11'],
      ['announcement_missing', '2024-02-09'],
      ['reversals_above_limit', '2024-05-31'],
    ] as const;
    for (const [code, asOf] of firing) {
      expect((await runRule(t, code, asOf, { reversalsPerMonth: 2 })).length).toBeGreaterThan(0);
      expect(await runRule(t, code, asOf, { reversalsPerMonth: 2 }, OTHER_TOWNSHIP)).toEqual([]);
    }
  });
});
