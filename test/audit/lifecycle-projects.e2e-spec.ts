import { acceptedProject, fundOf, operatingAsset } from '../assets/asset-fixtures';
import { COUNTY, OTHER_TOWNSHIP, plusDays, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { about, evidenceEntries, runRule } from './lifecycle-fixtures';

/** Stalled projects and projects without (enough) registered assets, through the HTTP API with 2024 dates. */
describe('audit lifecycle rules: projects', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let fund: string;
  const p: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
    fund = await fundOf(d, 'county', '5000000.00');
    // Approved 2024-03-01, started 2024-07-01: "not started" from the approval until then.
    p.late = await d.projectFunded([{ fundId: fund, amount: '200000.00' }], { start: false });
    await d.start(p.late, '2024-07-01');
    // Completed 2024-09-30, accepted 2024-12-15 with 100000 paid of a final cost of 150000.
    p.unsettled = await d.projectFunded([{ fundId: fund, amount: '200000.00' }]);
    await d.pay(p.unsettled, { amount: '100000.00', paidOn: '2024-06-01' });
    await d.complete(p.unsettled);
    await d.accept(p.unsettled, '150000.00', '2024-12-15');
    // The rest but the 3 % retention (4500) on 2025-04-01; the retention falls due on 2025-12-15.
    await d.pay(p.unsettled, { kind: 'final', amount: '45500.00', paidOn: '2025-04-01' });
    // Settled projects with assets one fen short of what was paid, and exactly what was paid.
    p.short = await acceptedProject(d, [{ fundId: fund, amount: '1000.00' }]);
    await d.post('program', `/api/v1/projects/${p.short}/assets`, operatingAsset({ value: '999.99' }), 201);
    p.full = await acceptedProject(d, [{ fundId: fund, amount: '2000.00' }]);
    await d.post('program', `/api/v1/projects/${p.full}/assets`, operatingAsset({ value: '2000.00' }), 201);
    // A wage subsidy (公益岗位补贴), paid and accepted on 2024-10-15 like the others: it forms no asset.
    p.subsidy = await d.projectFunded([{ fundId: fund, amount: '3000.00' }], {
      over: { category: '就业帮扶', name: '后街村公益岗位补贴' },
    });
    await d.pay(p.subsidy, { kind: 'progress', amount: '3000.00', paidOn: '2024-06-01' });
    await d.complete(p.subsidy);
    await d.accept(p.subsidy, '3000.00');
    // Settled on acceptance (2024-10-15); its 500 payment reversed on 2025-02-01.
    p.reversed = await acceptedProject(d, [
      { fundId: fund, amount: '3000.00' },
      { fundId: await fundOf(d, 'provincial', '10000.00'), amount: '500.00' },
    ]);
    const [{ seq }] = await t.db.query(
      `SELECT entry_seq AS seq FROM disbursement WHERE project_id = $1 AND amount = 50000`,
      [p.reversed],
    );
    const reversal = { reason: '重复支付', reversedOn: '2025-02-01' };
    await d.post('finance', `/api/v1/entries/${COUNTY}/${seq}/reverse`, reversal, 201);
  });
  afterAll(() => t.close());

  describe('approved_not_started', () => {
    it('fires on the 90th day after approval, with the committed money and the approval entry', async () => {
      const [f, ...more] = about(await runRule(t, 'approved_not_started', plusDays('2024-03-01', 90)), p.late);
      expect(more).toEqual([]);
      expect(f).toMatchObject({ severity: 'medium', since: '2024-03-01', amount: '200000.00' });
      expect(f.subject).toEqual({ type: 'project', id: p.late, name: expect.any(String) });
      expect(f.detail).toContain('2024-03-01批复,至2024-05-30已90天仍未开工');
      expect(f.detailEn).toContain('90 days');
      expect(await evidenceEntries(t, f)).toEqual([
        {
          type: 'project.approved',
          subjects: expect.arrayContaining([`project:${p.late}`]),
          occurred_on: '2024-03-01',
        },
      ]);
      // At twice the threshold it is high.
      const [late] = about(
        await runRule(t, 'approved_not_started', '2024-06-20', { approvedNotStartedDays: 50 }),
        p.late,
      );
      expect(late.severity).toBe('high');
    });

    it('stays quiet on the 89th day, once the works started, and outside the region', async () => {
      expect(about(await runRule(t, 'approved_not_started', plusDays('2024-03-01', 89)), p.late)).toEqual([]);
      expect(about(await runRule(t, 'approved_not_started', '2024-07-01'), p.late)).toEqual([]);
      expect(await runRule(t, 'approved_not_started', '2024-06-15', {}, OTHER_TOWNSHIP)).toEqual([]);
      // Every other project started on 2024-03-15, two weeks after approval.
      expect((await runRule(t, 'approved_not_started', '2024-06-30')).map((f) => f.subject.id)).toEqual([p.late]);
    });
  });

  describe('completed_not_accepted', () => {
    it('fires 60 days after completion while not yet accepted', async () => {
      const [f] = about(await runRule(t, 'completed_not_accepted', plusDays('2024-09-30', 60)), p.unsettled);
      expect(f).toMatchObject({ severity: 'medium', since: '2024-09-30' });
      expect(f.detail).toContain('已60天仍未验收');
      expect((await evidenceEntries(t, f)).map((e) => e.type)).toEqual(['project.completed']);
    });

    it('stays quiet on day 59 and once accepted (as of the acceptance day)', async () => {
      expect(about(await runRule(t, 'completed_not_accepted', plusDays('2024-09-30', 59)), p.unsettled)).toEqual([]);
      expect(about(await runRule(t, 'completed_not_accepted', '2024-12-15'), p.unsettled)).toEqual([]);
      // The settled projects were accepted on 2024-10-15, fifteen days after completion.
      expect(await runRule(t, 'completed_not_accepted', '2025-06-01')).toEqual([]);
    });
  });

  describe('accepted_not_settled', () => {
    it('fires 90 days after acceptance for what is owed beyond the retention', async () => {
      const [f] = about(await runRule(t, 'accepted_not_settled', plusDays('2024-12-15', 90)), p.unsettled);
      expect(f).toMatchObject({ severity: 'medium', since: '2024-12-15', amount: '50000.00' });
      expect(f.detail).toContain('决算150000.00元,已付100000.00元');
      expect((await evidenceEntries(t, f)).map((e) => e.type)).toEqual(['project.accepted']);
    });

    it('fires again 90 days after the retention fell due and is still unpaid', async () => {
      const [f] = about(await runRule(t, 'accepted_not_settled', plusDays('2025-12-15', 90)), p.unsettled);
      expect(f).toMatchObject({ since: '2025-12-15', amount: '4500.00' });
      expect(f.detail).toContain('质保金于2025-12-15到期');
    });

    it('counts a payment reversed after asOf as paid on asOf', async () => {
      expect(about(await runRule(t, 'accepted_not_settled', '2025-01-31'), p.reversed)).toEqual([]);
      const [f] = about(await runRule(t, 'accepted_not_settled', '2025-02-01'), p.reversed);
      expect(f).toMatchObject({ amount: '500.00', since: '2024-10-15' });
      expect(f.detail).toContain('决算3500.00元,已付3000.00元');
    });

    it('stays quiet on day 89, while only the retention not yet due is owed, and for settled projects', async () => {
      expect(about(await runRule(t, 'accepted_not_settled', plusDays('2024-12-15', 89)), p.unsettled)).toEqual([]);
      expect(about(await runRule(t, 'accepted_not_settled', '2025-12-01'), p.unsettled)).toEqual([]);
      expect(about(await runRule(t, 'accepted_not_settled', plusDays('2025-12-15', 89)), p.unsettled)).toEqual([]);
      const ids = (await runRule(t, 'accepted_not_settled', '2026-06-01')).map((f) => f.subject.id);
      expect(ids.sort()).toEqual([p.unsettled, p.reversed].sort());
    });
  });

  describe('accepted_without_assets', () => {
    it('fires 90 days after acceptance with nothing registered, high, with the paid money', async () => {
      const [f] = about(await runRule(t, 'accepted_without_assets', plusDays('2024-12-15', 90)), p.unsettled);
      expect(f).toMatchObject({ severity: 'high', since: '2024-12-15', amount: '100000.00' });
      expect(f.detail).toContain('仍未登记确权资产');
      expect((await evidenceEntries(t, f)).map((e) => e.type)).toEqual(['project.accepted']);
      // The asset of a settled project counts only from its registration (2024-11-01).
      const before = await runRule(t, 'accepted_without_assets', '2024-10-31', { acceptedWithoutAssetsDays: 10 });
      expect(about(before, p.short).map((x) => x.since)).toEqual(['2024-10-15']);
    });

    it('stays quiet on day 89 and for projects with registered assets', async () => {
      expect(about(await runRule(t, 'accepted_without_assets', plusDays('2024-12-15', 89)), p.unsettled)).toEqual([]);
      const later = await runRule(t, 'accepted_without_assets', '2025-06-01');
      expect(later.map((f) => f.subject.id).sort()).toEqual([p.unsettled, p.reversed].sort());
    });

    it('asks no asset of a project that is neither industry nor works (a wage subsidy)', async () => {
      const later = await runRule(t, 'accepted_without_assets', '2025-06-01', { acceptedWithoutAssetsDays: 10 });
      expect(about(later, p.subsidy)).toEqual([]);
      expect(about(later, p.reversed)).toHaveLength(1); // accepted the same day, an industry project
    });
  });

  describe('assets_below_paid', () => {
    it('fires when the registered value is one fen below the money paid', async () => {
      const [f, ...more] = await runRule(t, 'assets_below_paid', '2024-11-01');
      expect(more).toEqual([]);
      expect(f).toMatchObject({ subject: { id: p.short }, amount: '0.01', severity: 'medium', since: '2024-11-01' });
      expect(f.detail).toContain('已支付1000.00元,登记资产价值仅999.99元');
      const types = (await evidenceEntries(t, f)).map((e) => e.type);
      expect(types).toEqual(['asset.registered', 'disbursement.paid']);
    });

    it('stays quiet before any asset is registered and where the value equals the money paid', async () => {
      expect(await runRule(t, 'assets_below_paid', '2024-10-31')).toEqual([]);
      expect(about(await runRule(t, 'assets_below_paid', '2025-06-01'), p.full)).toEqual([]);
    });
  });

  it('reads the region subtree only: the county sees what the province sees', async () => {
    const county = await runRule(t, 'accepted_not_settled', '2025-03-20');
    const province = await runRule(t, 'accepted_not_settled', '2025-03-20', {}, '410000000000');
    expect(province).toEqual(county);
    expect(county).toHaveLength(2);
    expect(COUNTY).toBe('411103000000');
  });

  it('finds nothing in another township of the same county on a day it fires in the county', async () => {
    const firing = [
      ['approved_not_started', '2024-05-30'],
      ['completed_not_accepted', '2024-11-29'],
      ['accepted_not_settled', '2025-03-20'],
      ['accepted_without_assets', '2025-03-20'],
      ['assets_below_paid', '2024-11-01'],
    ] as const;
    for (const [code, asOf] of firing) {
      expect((await runRule(t, code, asOf, { reversalsPerMonth: 2 })).length).toBeGreaterThan(0);
      expect(await runRule(t, code, asOf, { reversalsPerMonth: 2 }, OTHER_TOWNSHIP)).toEqual([]);
    }
  });
});
