import { acceptedProject, fundOf, household, operatingAsset } from '../assets/asset-fixtures';
import { OTHER_TOWNSHIP, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { about, evidenceEntries, runRule } from './lifecycle-fixtures';

/** Operating assets, their income and distributions, through the HTTP API; assets registered 2024-11-01. */
describe('audit lifecycle rules: asset income', () => {
  let t: TestApp;
  let d: ProjectDriver;
  const a: Record<string, string> = {};
  const h: Record<string, string> = {};

  const assetOf = async (value: string) => {
    const fund = await fundOf(d, 'county', value);
    const project = await acceptedProject(d, [{ fundId: fund, amount: value }]);
    return (await d.post('program', `/api/v1/projects/${project}/assets`, operatingAsset({ value }), 201)).id as string;
  };
  const income = (id: string, amount: string, receivedOn: string) =>
    d.post(
      'village',
      `/api/v1/assets/${id}/income`,
      { amount, receivedOn, period: receivedOn.slice(0, 7), source: '租金' },
      201,
    );
  const distribute = (id: string, distributedOn: string, items: Array<Record<string, string>>) =>
    d.post('village', `/api/v1/assets/${id}/distributions`, { distributedOn, items }, 201);

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
    h.none1 = await household(d, 1, 'none');
    h.none2 = await household(d, 2, 'none');
    h.full = await household(d, 3, 'full');
    a.idle = await assetOf('1000.00');
    a.earning = await assetOf('2000.00');
    a.fair = await assetOf('3000.00');
    await income(a.earning, '1000.00', '2025-03-01');
    // 2025: one household without labour capacity (户主2) is left out while others are paid.
    await distribute(a.earning, '2025-04-01', [
      { householdId: h.full, amount: '300.00' },
      { householdId: h.none1, amount: '300.00' },
    ]);
    // 2026: the remaining 400 goes to both households without labour capacity.
    await distribute(a.earning, '2026-03-15', [
      { householdId: h.none1, amount: '200.00' },
      { householdId: h.none2, amount: '200.00' },
    ]);
    await income(a.fair, '900.00', '2025-05-01');
    await distribute(a.fair, '2025-05-10', [
      { householdId: h.none1, amount: '300.00' },
      { householdId: h.none2, amount: '300.00' },
      { purpose: 'collective', amount: '300.00' },
    ]);
  });
  afterAll(() => t.close());

  describe('asset_without_income', () => {
    it('fires 12 months after registration when no income was ever recorded', async () => {
      const [f] = about(await runRule(t, 'asset_without_income', '2025-11-01'), a.idle);
      expect(f).toMatchObject({ severity: 'medium', since: '2024-11-01', amount: '1000.00' });
      expect(f.detail).toContain('自登记(2024-11-01)起至2025-11-01已12个月无收益记录');
      expect((await evidenceEntries(t, f)).map((e) => e.type)).toEqual(['asset.registered']);
    });

    it('fires 12 months after the last income, pointing at it', async () => {
      const [f] = about(await runRule(t, 'asset_without_income', '2026-03-01'), a.earning);
      expect(f).toMatchObject({ since: '2025-03-01' });
      expect(await evidenceEntries(t, f)).toEqual([expect.objectContaining({ type: 'asset.income_received' })]);
    });

    it('stays quiet a day short of 12 months, and within 12 months of the last income', async () => {
      expect(about(await runRule(t, 'asset_without_income', '2025-10-31'), a.idle)).toEqual([]);
      const at = await runRule(t, 'asset_without_income', '2025-11-01');
      expect(about(at, a.earning)).toEqual([]);
      expect(about(at, a.fair)).toEqual([]);
      expect(about(await runRule(t, 'asset_without_income', '2026-02-28'), a.earning)).toEqual([]);
    });
  });

  describe('income_undistributed', () => {
    it('fires for the 400 left of the 2025-03-01 income 12 months later', async () => {
      const [f, ...more] = await runRule(t, 'income_undistributed', '2026-03-01');
      expect(more).toEqual([]);
      expect(f).toMatchObject({ subject: { id: a.earning }, since: '2025-03-01', amount: '400.00' });
      expect(f.detail).toContain('有400.00元至2026-03-01已超过12个月未分配');
      expect((await evidenceEntries(t, f)).map((e) => e.occurred_on)).toEqual(['2025-03-01']);
    });

    it('stays quiet a day short of 12 months and once the rest is distributed', async () => {
      expect(await runRule(t, 'income_undistributed', '2026-02-28')).toEqual([]);
      expect(await runRule(t, 'income_undistributed', '2026-03-15')).toEqual([]);
      // Fully distributed income never counts, however old.
      expect(await runRule(t, 'income_undistributed', '2030-01-01')).toEqual([]);
    });
  });

  describe('distribution_skipped_priority', () => {
    it('fires for 2025, when 户主2 (no labour capacity) got nothing while others were paid', async () => {
      const [f, ...more] = await runRule(t, 'distribution_skipped_priority', '2025-12-31');
      expect(more).toEqual([]);
      expect(f).toMatchObject({ severity: 'high', subject: { id: a.earning }, amount: '600.00', since: '2025-04-01' });
      expect(f.detail).toContain('2025年度已分配收益600.00元,但本村1户无劳动能力脱贫户(户主2)未获分配');
      expect((await evidenceEntries(t, f)).map((e) => e.type)).toEqual(['asset.income_distributed']);
      expect(f.detail).not.toMatch(/\d{17}[\dX]/);
    });

    it('stays quiet for 2026 and for the asset that paid both households first', async () => {
      const later = await runRule(t, 'distribution_skipped_priority', '2026-12-31');
      expect(later.map((f) => f.since)).toEqual(['2025-04-01']);
      expect(about(later, a.fair)).toEqual([]);
      expect(await runRule(t, 'distribution_skipped_priority', '2025-03-31')).toEqual([]);
    });
  });

  it('finds nothing in another township of the same county on a day it fires in the county', async () => {
    const firing = [
      ['asset_without_income', '2025-11-01'],
      ['income_undistributed', '2026-03-01'],
      ['distribution_skipped_priority', '2025-12-31'],
    ] as const;
    for (const [code, asOf] of firing) {
      expect((await runRule(t, code, asOf, { reversalsPerMonth: 2 })).length).toBeGreaterThan(0);
      expect(await runRule(t, code, asOf, { reversalsPerMonth: 2 }, OTHER_TOWNSHIP)).toEqual([]);
    }
  });
});
