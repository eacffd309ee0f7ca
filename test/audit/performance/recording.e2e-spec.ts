import { ReplayService } from '../../../src/journal/replay/replay.service';
import { household } from '../../assets/asset-fixtures';
import { getPdf, pdfText } from '../../notices/notice-fixtures';
import { DATES, OTHER_VILLAGE, ProjectDriver, projectBody, projectTokens } from '../../support/project-fixtures';
import { createTestApp, tableCounts, TestApp } from '../../support/test-app';
import { accept, completedProject, INDICATORS, RESULTS_MET } from './performance-fixtures';

describe('绩效: indicators and beneficiaries at application, results at acceptance, goal vs result published', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let fund: string;
  const hh: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
    fund = await d.countyFund('1000000.00');
    hh.a = await household(d, 1, 'none');
    hh.b = await household(d, 2, 'full');
    hh.otherVillage = await household(d, 3, 'full', { who: 'otherVillage', regionCode: OTHER_VILLAGE });
    hh.listedLater = await household(d, 4, 'full', { since: '2024-06-01' });
    hh.exited = await household(d, 5, 'partial');
    await d.post('village', `/api/v1/households/${hh.exited}/exit`, { until: '2023-12-31', reason: '稳定脱贫' }, 201);
  });
  afterAll(() => t.close());

  const applyRaw = (over: Record<string, unknown>) =>
    t.http().post('/api/v1/projects').set(d.as('village')).send(projectBody(over));
  const entryPayload = async (type: string, projectId: string) => {
    const [row] = await t.db.query(
      `SELECT convert_from(body, 'UTF8')::jsonb -> 'payload' AS payload FROM journal_entry
        WHERE type = $1 AND subjects @> ARRAY['project:' || $2]`,
      [type, projectId],
    );
    return row.payload;
  };

  it.each([
    ['a target given as a number', { performanceIndicators: [{ ...INDICATORS[0], target: 1200 }] }],
    ['a target with a thousands separator', { performanceIndicators: [{ ...INDICATORS[0], target: '1,200' }] }],
    ['a negative target', { performanceIndicators: [{ ...INDICATORS[0], target: '-5' }] }],
    ['a blank unit', { performanceIndicators: [{ ...INDICATORS[0], unit: ' ' }] }],
    ['an indicator without a name', { performanceIndicators: [{ unit: '户', target: '3' }] }],
    [
      'more than ten indicators',
      { performanceIndicators: Array.from({ length: 11 }, (_, i) => ({ name: `指标${i}`, unit: '户', target: '1' })) },
    ],
    ['one indicator named twice', { performanceIndicators: [INDICATORS[0], { ...INDICATORS[0], target: '5' }] }],
    ['a household id that is no uuid', { beneficiaryHouseholdIds: ['h-1'] }],
  ])('refuses %s at application (400), writing nothing', async (_, over) => {
    const before = await tableCounts(t.db);
    const res = await applyRaw(over).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it.each([
    ['a household of another village', 'otherVillage'],
    ['a household listed only after the application date', 'listedLater'],
    ['a household that left the list before the application date', 'exited'],
    ['an unknown household', 'unknown'],
  ])('refuses %s as beneficiary (400), naming it, writing nothing', async (_, which) => {
    const id = hh[which] ?? '0b6f5c3e-9d1a-4c55-8f0e-1a2b3c4d5e6f';
    const before = await tableCounts(t.db);
    const res = await applyRaw({ beneficiaryHouseholdIds: [hh.a, id] }).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { householdIds: [id] } });
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('records stated indicators and named households in the entry and the project', async () => {
    const id = await d.apply({ performanceIndicators: INDICATORS, beneficiaryHouseholdIds: [hh.a, hh.b] });
    const project = await d.project(id);
    expect(project.performanceIndicators).toEqual(INDICATORS);
    expect(project.beneficiaryHouseholdIds).toEqual([hh.a, hh.b]);
    expect(project.results).toBeNull();
    const payload = await entryPayload('project.applied', id);
    expect(payload.performanceIndicators).toEqual(INDICATORS);
    expect(payload.beneficiaryHouseholdIds).toEqual([hh.a, hh.b]);
  });

  it('keeps household ids in one spelling, whatever the case they were sent in', async () => {
    const id = await d.apply({ beneficiaryHouseholdIds: [hh.a.toUpperCase()] });
    expect((await d.project(id)).beneficiaryHouseholdIds).toEqual([hh.a]);
    expect((await entryPayload('project.applied', id)).beneficiaryHouseholdIds).toEqual([hh.a]);
  });

  it('keeps an application without them exactly as before', async () => {
    const id = await d.apply();
    const project = await d.project(id);
    expect(project).toMatchObject({ performanceIndicators: [], beneficiaryHouseholdIds: [], results: null });
    const payload = await entryPayload('project.applied', id);
    expect(Object.keys(payload)).not.toContain('performanceIndicators');
    expect(Object.keys(payload)).not.toContain('beneficiaryHouseholdIds');
  });

  describe('acceptance', () => {
    let id: string;
    beforeAll(async () => {
      id = await completedProject(d, fund, { performanceIndicators: INDICATORS });
    });

    it.each([
      ['a stated indicator without result', { ...RESULTS_MET, indicators: [RESULTS_MET.indicators[0]] }],
      ['no indicator results at all', { households: 45, persons: 140 }],
      [
        'an indicator that was never stated',
        { ...RESULTS_MET, indicators: [...RESULTS_MET.indicators, { name: '新增就业', actual: '3' }] },
      ],
      ['one indicator twice', { ...RESULTS_MET, indicators: [...RESULTS_MET.indicators, RESULTS_MET.indicators[0]] }],
      [
        'an actual that is no decimal string',
        { ...RESULTS_MET, indicators: [RESULTS_MET.indicators[0], { name: '年发电量', actual: 'about 25' }] },
      ],
      ['negative households', { ...RESULTS_MET, households: -1 }],
      ['persons missing', { households: 45, indicators: RESULTS_MET.indicators }],
    ])('refuses %s (400); the project stays completed', async (_, results) => {
      const before = await tableCounts(t.db);
      const res = await accept(d, id, results, 400);
      expect(res.code).toBe('VALIDATION_FAILED');
      expect(await tableCounts(t.db)).toEqual(before);
      expect((await d.project(id)).status).toBe('completed');
    });

    it('names the unknown indicator in the error', async () => {
      const res = await accept(
        d,
        id,
        { ...RESULTS_MET, indicators: [...RESULTS_MET.indicators, { name: '新增就业', actual: '3' }] },
        400,
      );
      expect(res.details).toEqual({ unknown: ['新增就业'] });
    });

    it('records the results beside the goal, in the order stated', async () => {
      const results = { ...RESULTS_MET, indicators: [...RESULTS_MET.indicators].reverse() };
      const project = await accept(d, id, results);
      expect(project.status).toBe('settled');
      expect(project.results).toEqual(RESULTS_MET);
      expect((await entryPayload('project.accepted', id)).results).toEqual(RESULTS_MET);
    });

    it('still accepts without results (older clients), recording none', async () => {
      const other = await completedProject(d, fund);
      const project = await accept(d, other);
      expect(project.status).toBe('settled');
      expect(project.results).toBeNull();
      expect(Object.keys(await entryPayload('project.accepted', other))).not.toContain('results');
    });

    it('refuses indicator results for a project that stated none', async () => {
      const other = await completedProject(d, fund);
      const res = await accept(
        d,
        other,
        { households: 1, persons: 2, indicators: [{ name: '年发电量', actual: '1' }] },
        400,
      );
      expect(res.details).toEqual({ unknown: ['年发电量'] });
    });

    it('prints goal and result side by side on the completion notice and its PDF', async () => {
      const notice = await d.notice(id, 'completion');
      const view = (await t.http().get(`/api/v1/notices/${notice.id}`)).body;
      const table = view.content.tables.find((x: { title: string }) => x.title === '绩效目标完成情况');
      expect(table.columns.map((c: { label: string }) => c.label)).toEqual(['指标', '目标', '实际', '是否达到']);
      expect(table.rows).toEqual([
        { indicator: '受益脱贫户(监测户)', target: '45 户', actual: '45 户', met: '达到' },
        { indicator: '受益人口', target: '132 人', actual: '140 人', met: '达到' },
        { indicator: '带动脱贫户增收', target: '1200 元/户/年', actual: '1350 元/户/年', met: '达到' },
        { indicator: '年发电量', target: '24.5 万千瓦时', actual: '24.5 万千瓦时', met: '达到' },
      ]);
      const text = pdfText((await getPdf(t, `/api/v1/notices/${notice.id}/pdf`)).body as Buffer).replace(/\s/g, '');
      expect(text).toContain('绩效目标完成情况');
      expect(text).toContain('指标目标实际是否达到');
      expect(text).toContain('带动脱贫户增收1200元/户/年1350元/户/年达到');
      expect(text).toContain('受益人口132人140人达到');
    });

    it('says 未填报 on the completion notice of a project accepted without results', async () => {
      const other = await completedProject(d, fund);
      await accept(d, other);
      const notice = await d.notice(other, 'completion');
      const text = pdfText((await getPdf(t, `/api/v1/notices/${notice.id}/pdf`)).body as Buffer).replace(/\s/g, '');
      expect(text).toContain('受益脱贫户(监测户)45户未填报');
    });
  });

  it('prints the measurable goal on the application notice', async () => {
    const id = await d.apply({ performanceIndicators: INDICATORS, appliedOn: DATES.applied });
    const notice = await d.notice(id, 'application');
    const view = (await t.http().get(`/api/v1/notices/${notice.id}`)).body;
    const table = view.content.tables.find((x: { title: string }) => x.title === '绩效目标');
    expect(table.rows).toContainEqual({ indicator: '带动脱贫户增收', target: '1200 元/户/年' });
  });

  it('rebuilds the same project rows from the journal (replay)', async () => {
    const report = await t.app.get(ReplayService).check();
    expect(report.tables.find((x) => x.table === 'project')).toMatchObject({ differences: 0 });
    expect(report.ok).toBe(true);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM project WHERE result_households IS NOT NULL AND acceptance_seq IS NOT NULL`,
    );
    expect(n).toBe(1);
  });
});
