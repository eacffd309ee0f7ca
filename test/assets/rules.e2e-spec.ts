import { OTHER_VILLAGE, ProjectDriver, projectTokens, TOWNSHIP, VILLAGE } from '../support/project-fixtures';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';
import { acceptedProject, fundOf, household, operatingAsset } from './asset-fixtures';

describe('assets: every rule refuses, and a refused request writes nothing', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let projectId: string;
  let assetId: string;
  let roadId: string;
  const h: Record<string, string> = {};

  /** Posts, expects the status and code, and proves that no table changed. */
  const refuse = async (who: string, url: string, body: unknown, status: number, code: string) => {
    const before = await tableCounts(t.db);
    const res = await d.post(who, url, body, status);
    expect(res.code).toBe(code);
    expect(await tableCounts(t.db)).toEqual(before);
    return res;
  };
  const register = (over: Record<string, unknown>, status = 201) =>
    d.post('program', `/api/v1/projects/${projectId}/assets`, operatingAsset(over), status);

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
    const fund = await fundOf(d, 'central', '100000.00');
    // Paid 3000.00, final cost 3100.00: accepted, not settled.
    projectId = await acceptedProject(d, [{ fundId: fund, amount: '3000.00', committed: '3100.00' }], '3100.00');
    h.full = await household(d, 11, 'full');
    h.neighbour = await household(d, 12, 'none', { who: 'otherVillage', regionCode: OTHER_VILLAGE });
    h.late = await household(d, 13, 'full', { since: '2025-06-01' });
    h.exited = await household(d, 14, 'none');
    await d.post('village', `/api/v1/households/${h.exited}/exit`, { until: '2025-03-01', reason: '稳定脱贫' }, 201);
    assetId = (await register({ value: '2000.00' })).id;
    roadId = (
      await register({
        name: '产业路',
        assetClass: 'public_welfare',
        value: '500.00',
        owner: { type: 'department', name: '郾城区交通运输局' },
      })
    ).id;
    await d.post(
      'village',
      `/api/v1/assets/${assetId}/income`,
      { amount: '1000.00', receivedOn: '2025-03-31', period: '2025-Q1', source: '租金' },
      201,
    );
  });
  afterAll(() => t.close());

  it.each([
    [
      'a household asset owned by a township',
      { assetClass: 'household', owner: { type: 'township', regionCode: TOWNSHIP } },
    ],
    ['an operating asset owned by a department', { owner: { type: 'department', name: '郾城区农业农村局' } }],
    [
      'a public-welfare asset owned by a household',
      {
        assetClass: 'public_welfare',
        owner: { type: 'household', householdId: '00000000-0000-4000-8000-000000000000' },
      },
    ],
    [
      'a household asset owned by the village collective',
      { assetClass: 'household', owner: { type: 'village_collective' } },
    ],
  ])('OWNERSHIP_NOT_ALLOWED: %s', async (_name, over) => {
    await refuse(
      'program',
      `/api/v1/projects/${projectId}/assets`,
      operatingAsset({ value: '1.00', ...over }),
      422,
      'OWNERSHIP_NOT_ALLOWED',
    );
  });

  it('OWNERSHIP_NOT_ALLOWED on a hand-over too', async () => {
    await refuse(
      'program',
      `/api/v1/assets/${roadId}/transfers`,
      { to: { type: 'household', householdId: h.full }, transferredOn: '2025-01-01', docNo: '移交1号' },
      422,
      'OWNERSHIP_NOT_ALLOWED',
    );
  });

  it('ASSET_VALUE_EXCEEDS_PAID: assets total at most what the project paid (3000.00, 2500.00 registered)', async () => {
    const res = await refuse(
      'program',
      `/api/v1/projects/${projectId}/assets`,
      operatingAsset({ value: '500.01' }),
      422,
      'ASSET_VALUE_EXCEEDS_PAID',
    );
    expect(res.details).toMatchObject({ paid: '3000.00', registered: '2500.00', value: '500.01' });
  });

  it('INVALID_STATE: a project not yet accepted has no assets; DATE_ORDER: not before its acceptance', async () => {
    const fund = await fundOf(d, 'county', '5000.00');
    const running = await d.projectFunded([{ fundId: fund, amount: '1000.00' }]);
    await d.pay(running, { amount: '500.00', paidOn: '2024-05-01' });
    await refuse(
      'program',
      `/api/v1/projects/${running}/assets`,
      operatingAsset({ value: '100.00' }),
      409,
      'INVALID_STATE',
    );
    await refuse(
      'program',
      `/api/v1/projects/${projectId}/assets`,
      operatingAsset({ value: '1.00', registeredOn: '2024-10-14' }),
      422,
      'DATE_ORDER',
    );
  });

  it('only the program office registers, within its county', async () => {
    await refuse(
      'finance',
      `/api/v1/projects/${projectId}/assets`,
      operatingAsset({ value: '1.00' }),
      403,
      'FORBIDDEN',
    );
    await refuse(
      'townshipProgram',
      `/api/v1/projects/${projectId}/assets`,
      operatingAsset({ value: '1.00' }),
      403,
      'FORBIDDEN',
    );
    await refuse(
      'townshipProgram',
      `/api/v1/assets/${assetId}/transfers`,
      { to: { type: 'village_collective' }, transferredOn: '2025-01-01', docNo: '移交3号' },
      403,
      'FORBIDDEN',
    );
  });

  it('income: operating assets only, not before registration, only by the asset village', async () => {
    const income = { amount: '1.00', receivedOn: '2025-03-31', period: '2025-03', source: '租金' };
    await refuse('village', `/api/v1/assets/${roadId}/income`, income, 409, 'INVALID_STATE');
    await refuse(
      'village',
      `/api/v1/assets/${assetId}/income`,
      { ...income, receivedOn: '2024-10-31' },
      422,
      'DATE_ORDER',
    );
    await refuse('otherVillage', `/api/v1/assets/${assetId}/income`, income, 403, 'OUT_OF_SCOPE');
    await refuse(
      'village',
      `/api/v1/assets/${assetId}/income`,
      { ...income, period: '2025-13' },
      400,
      'VALIDATION_FAILED',
    );
  });

  it('INSUFFICIENT_INCOME: no more than the undistributed income received by the distribution date', async () => {
    const url = `/api/v1/assets/${assetId}/distributions`;
    await refuse(
      'village',
      url,
      {
        distributedOn: '2025-04-01',
        items: [
          { purpose: 'upkeep', amount: '600.00' },
          { purpose: 'collective', amount: '400.01' },
        ],
      },
      422,
      'INSUFFICIENT_INCOME',
    );
    // The 1000.00 arrived on 2025-03-31: nothing to distribute the day before.
    await refuse(
      'village',
      url,
      { distributedOn: '2025-03-30', items: [{ purpose: 'upkeep', amount: '1.00' }] },
      422,
      'INSUFFICIENT_INCOME',
    );
    await d.post(
      'village',
      url,
      { distributedOn: '2025-04-01', items: [{ purpose: 'upkeep', amount: '600.00' }] },
      201,
    );
    await refuse(
      'village',
      url,
      { distributedOn: '2025-04-02', items: [{ purpose: 'upkeep', amount: '400.01' }] },
      422,
      'INSUFFICIENT_INCOME',
    );
  });

  it('two racing distributions cannot both spend the same income; a repeated Idempotency-Key pays once', async () => {
    const url = `/api/v1/assets/${assetId}/distributions`;
    await d.post(
      'village',
      `/api/v1/assets/${assetId}/income`,
      { amount: '100.00', receivedOn: '2025-04-03', period: '2025-04', source: '租金' },
      201,
    );
    // 500.00 undistributed now: two requests of 300.00 each, at once.
    const body = { distributedOn: '2025-04-04', items: [{ purpose: 'upkeep', amount: '300.00' }] };
    const results = await Promise.all([1, 2].map(() => t.http().post(url).set(d.as('village')).send(body)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(results.find((r) => r.status === 422)!.body.code).toBe('INSUFFICIENT_INCOME');
    const keyed = { distributedOn: '2025-04-04', items: [{ purpose: 'collective', amount: '200.00' }] };
    const first = await t
      .http()
      .post(url)
      .set(d.as('village'))
      .set('Idempotency-Key', 'asset-dist-1')
      .send(keyed)
      .expect(201);
    const again = await t
      .http()
      .post(url)
      .set(d.as('village'))
      .set('Idempotency-Key', 'asset-dist-1')
      .send(keyed)
      .expect(201);
    expect(again.body.distributionId).toBe(first.body.distributionId);
    expect((await d.get('auditor', `/api/v1/assets/${assetId}`)).income).toEqual({
      total: '1100.00',
      distributed: '1100.00',
      undistributed: '0.00',
    });
  });

  it.each([
    ['a household of another village', 'neighbour'],
    ['a household listed after the distribution date', 'late'],
    ['a household that left the list before the distribution date', 'exited'],
  ])('HOUSEHOLD_NOT_ELIGIBLE: %s', async (_name, key) => {
    await refuse(
      'village',
      `/api/v1/assets/${assetId}/distributions`,
      { distributedOn: '2025-04-05', items: [{ householdId: h[key], amount: '1.00' }] },
      422,
      'HOUSEHOLD_NOT_ELIGIBLE',
    );
  });

  it('a line names a household or a purpose, not both; a household once per distribution', async () => {
    const url = `/api/v1/assets/${assetId}/distributions`;
    await refuse(
      'village',
      url,
      { distributedOn: '2025-04-05', items: [{ householdId: h.full, purpose: 'upkeep', amount: '1.00' }] },
      400,
      'VALIDATION_FAILED',
    );
    await refuse(
      'village',
      url,
      {
        distributedOn: '2025-04-05',
        items: [
          { householdId: h.full, amount: '1.00' },
          { householdId: h.full, amount: '1.00' },
        ],
      },
      400,
      'VALIDATION_FAILED',
    );
  });

  const disposal = (over: Record<string, unknown> = {}) => ({
    method: 'scrap',
    villageAssemblyOn: '2025-05-01',
    townshipApprovedOn: '2025-05-05',
    countyApprovedOn: '2025-05-10',
    disposedOn: '2025-05-20',
    proceeds: '0.00',
    proceedsTo: 'county_treasury',
    ...over,
  });

  it.each([
    ['township approval before the village assembly', { townshipApprovedOn: '2025-04-30' }],
    ['county approval before the township', { countyApprovedOn: '2025-05-04' }],
    ['disposal before the county approval', { disposedOn: '2025-05-09' }],
  ])('APPROVAL_ORDER: %s', async (_name, over) => {
    await refuse('program', `/api/v1/assets/${roadId}/disposal`, disposal(over), 422, 'APPROVAL_ORDER');
  });

  it('DATE_ORDER: no approval before the registration; INVALID_STATE: not with income left undistributed', async () => {
    await refuse(
      'program',
      `/api/v1/assets/${roadId}/disposal`,
      disposal({ villageAssemblyOn: '2024-10-31' }),
      422,
      'DATE_ORDER',
    );
    await d.post(
      'village',
      `/api/v1/assets/${assetId}/income`,
      { amount: '400.00', receivedOn: '2025-04-30', period: '2025-04', source: '租金' },
      201,
    );
    const res = await refuse('program', `/api/v1/assets/${assetId}/disposal`, disposal(), 409, 'INVALID_STATE');
    expect(res.details).toEqual({ undistributed: '400.00' });
    await refuse('village', `/api/v1/assets/${roadId}/disposal`, disposal(), 403, 'FORBIDDEN');
  });

  it('a scrapped asset without proceeds posts nothing and takes no more hand-overs', async () => {
    const road = await d.post('program', `/api/v1/assets/${roadId}/disposal`, disposal(), 201);
    expect(road).toMatchObject({
      status: 'disposed',
      disposal: { method: 'scrap', proceeds: '0.00', proceedsTo: 'county_treasury' },
    });
    await refuse(
      'program',
      `/api/v1/assets/${roadId}/transfers`,
      { to: { type: 'village_collective' }, transferredOn: '2025-06-01', docNo: '移交2号' },
      409,
      'INVALID_STATE',
    );
    const listed = await d.get('auditor', `/api/v1/assets?regionCode=${VILLAGE}&status=disposed`);
    expect(listed.items.map((a: { id: string }) => a.id)).toEqual([roadId]);
  });
});
