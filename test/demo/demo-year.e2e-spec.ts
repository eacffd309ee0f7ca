import { yuanToFen } from '../../src/common/money';
import { ReplayService } from '../../src/journal/replay/replay.service';
import { DEMO_ASSETS } from '../../src/demo/demo-asset-plans';
import { DEMO_FUNDS } from '../../src/demo/demo-funds';
import { DEMO_PROJECTS } from '../../src/demo/demo-project-plans';
import { LAST_KEY, loadDemoYear } from '../../src/demo/demo-year';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';

const BOOKS = ['410000000000', '411100000000', '411103000000'];
const COUNTY = '411103000000';

interface FundView {
  docNo: string;
  book: string;
  amount: string;
  allocatedDown: string;
  committed: string;
  disbursed: string;
  available: string;
}

interface AssetView {
  id: string;
  projectId: string;
  name: string;
  assetClass: string;
  value: string;
  status: string;
  income: { total: string; distributed: string };
  funding: Array<{ amount: string }>;
}

interface TracedAsset {
  assetId: string;
  assetClass: string;
  attributed: string;
  income: string;
  distributed: string;
  undistributed: string;
}

describe('demo county year (npm run demo)', () => {
  let t: TestApp;
  let auditor: string;
  let first: Awaited<ReturnType<typeof loadDemoYear>>;
  const get = async (url: string) =>
    (await t.http().get(url).set('Authorization', `Bearer ${auditor}`).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    auditor = await t.tokenFor('auditor', '410000000000');
    first = await loadDemoYear(t.app);
  }, 120_000);
  afterAll(() => t?.close());

  it('loads 21 projects in every state of the lifecycle', async () => {
    expect(first.loaded).toBe(true);
    const { items } = await get(`/api/v1/projects?regionCode=${COUNTY}&limit=100`);
    const mix: Record<string, number> = {};
    for (const p of items as Array<{ status: string }>) mix[p.status] = (mix[p.status] ?? 0) + 1;
    expect(mix).toEqual({
      applied: 2,
      reviewed: 2,
      rejected: 1,
      approved: 2,
      in_progress: 3,
      completed: 2,
      accepted: 3,
      failed: 1,
      settled: 3,
      cancelled: 2,
    });
    expect(items).toHaveLength(DEMO_PROJECTS.length);
    // 三公示: every application, approval and passed acceptance was followed by its notice.
    const notices: Array<{ type: string; n: number }> = await t.db.query(
      `SELECT type, count(*)::int AS n FROM notice GROUP BY type ORDER BY type`,
    );
    const reached = (steps: number) => DEMO_PROJECTS.filter((p) => p.dates.length >= steps).length;
    expect(Object.fromEntries(notices.map((x) => [x.type, x.n]))).toEqual({
      announcement: 1,
      application: reached(1),
      approval: reached(3),
      completion: reached(6),
    });
  });

  it('keeps every fund consistent with its postings, and the county paid what the plans say', async () => {
    const { items } = await get(`/api/v1/funds?regionCode=410000000000&limit=100`);
    const funds = items as FundView[];
    expect(funds).toHaveLength(DEMO_FUNDS.reduce((n, f) => n + 1 + f.allocations.length, 0));
    for (const f of funds) {
      const parts = [f.available, f.allocatedDown, f.committed, f.disbursed].map(yuanToFen);
      expect(parts.reduce((a, b) => a + b, 0n)).toBe(yuanToFen(f.amount));
      for (const p of parts) expect(p >= 0n).toBe(true);
    }
    const byDoc = new Map(funds.map((f) => [f.docNo, f]));
    // The central fund passed down whole: province keeps the rest, the city passed 9.6 of its 86.4 million on.
    expect(byDoc.get('财农〔2026〕3号')).toMatchObject({
      amount: '1856000000.00',
      allocatedDown: '86400000.00',
      available: '1769600000.00',
    });
    expect(byDoc.get('豫财农〔2026〕12号')).toMatchObject({ allocatedDown: '9600000.00', available: '76800000.00' });

    // Contractor payments are fixed by the plans; household rounds pay one amount per household paid.
    const { items: projects } = await get(`/api/v1/projects?regionCode=${COUNTY}&limit=100`);
    const disbursed = (projects as Array<{ amounts: { disbursed: string } }>).reduce(
      (a, p) => a + yuanToFen(p.amounts.disbursed),
      0n,
    );
    const countyDisbursed = funds.filter((f) => f.book === COUNTY).reduce((a, f) => a + yuanToFen(f.disbursed), 0n);
    const contractors = DEMO_PROJECTS.flatMap((p) => p.payments ?? []).reduce((a, p) => a + yuanToFen(p.amount), 0n);
    const [{ n: householdPayments }] = await t.db.query(
      `SELECT count(*)::int AS n FROM disbursement WHERE kind = 'household'`,
    );
    expect(householdPayments).toBe(24 + 10);
    expect(disbursed).toBe(countyDisbursed);
    expect(countyDisbursed).toBe(contractors + 24n * 150000n + 10n * 217500n);
  });

  it('registers ~100 households, four of which left monitoring', async () => {
    const [{ listed, exited }] = await t.db.query(
      `SELECT count(*) FILTER (WHERE until IS NULL)::int AS listed, count(until)::int AS exited FROM household`,
    );
    expect(listed + exited).toBe(100);
    expect(exited).toBe(4);
  });

  it('settles the 2025 road with its retention released in 2026, and the subsidies at acceptance', async () => {
    const { items } = await get(`/api/v1/projects?regionCode=${COUNTY}&status=settled&limit=100`);
    const settled = new Map(
      (items as Array<{ name: string; settledOn: string; amounts: { disbursed: string; finalCost: string } }>).map(
        (p) => [p.name, p],
      ),
    );
    expect(settled.get('后街村2025年村组道路硬化工程')).toMatchObject({
      settledOn: '2026-09-10',
      amounts: { disbursed: '968400.00', finalCost: '968400.00' },
    });
    expect(settled.get('城关镇2026年雨露计划职业教育补助')).toMatchObject({
      settledOn: '2026-11-03',
      amounts: { disbursed: '36000.00' },
    });
    expect(settled.get('孟庙村2026年脱贫人口小额信贷贴息')).toMatchObject({
      settledOn: '2026-07-14',
      amounts: { disbursed: '21750.00' },
    });
  });

  it('verifies the chain of every book and replays every projection from the journal', async () => {
    for (const book of BOOKS) {
      const report = await get(`/api/v1/ledger/verify?book=${book}`);
      expect(report).toMatchObject({ ok: true });
      expect(report.entries).toBeGreaterThan(2);
    }
    const replay = await t.app.get(ReplayService).check();
    expect(replay.tables.filter((x) => x.differences > 0)).toEqual([]);
    expect(replay.ok).toBe(true);
    expect(replay.entries).toBeGreaterThan(first.writes);
  });

  it('adds nothing when loaded again, whether skipped or replayed step by step', async () => {
    const before = await tableCounts(t.db);
    expect(await loadDemoYear(t.app)).toMatchObject({ loaded: false, writes: 0 });
    expect(await tableCounts(t.db)).toEqual(before);
    // As after a crash half-way: every step is sent again and answered from the journal.
    const again = await loadDemoYear(t.app, { force: true });
    // The eight fund documents are looked up by 文号 instead of sent again.
    expect(again.writes).toBe(first.writes - 8);
    expect(again.projects).toEqual(first.projects);
    expect(await tableCounts(t.db)).toEqual(before);
  }, 120_000);

  it('registers assets of all three classes, with a hand-over, income, distributions and a disposal', async () => {
    const { items } = await get(`/api/v1/assets?regionCode=${COUNTY}&limit=100`);
    const assets = items as AssetView[];
    expect(assets).toHaveLength(DEMO_ASSETS.length);
    const classes: Record<string, number> = {};
    for (const a of assets) classes[a.assetClass] = (classes[a.assetClass] ?? 0) + 1;
    expect(classes).toEqual({ operating: 2, public_welfare: 2, household: 3 });
    // What an accepted project paid is on the register to the fen: no more (the service's rule), no less.
    const { items: projects } = await get(`/api/v1/projects?regionCode=${COUNTY}&limit=100`);
    for (const p of projects as Array<{ id: string; name: string; amounts: { disbursed: string } }>) {
      const mine = assets.filter((a) => a.projectId === p.id);
      if (!mine.length) continue;
      expect([p.name, mine.reduce((s, a) => s + yuanToFen(a.value), 0n)]).toEqual([
        p.name,
        yuanToFen(p.amounts.disbursed),
      ]);
      for (const a of mine) expect(a.funding.reduce((s, f) => s + yuanToFen(f.amount), 0n)).toBe(yuanToFen(a.value));
    }
    // The water works went from the water bureau to the village collective.
    const water = await get(`/api/v1/assets/${assets.find((a) => a.name.startsWith('商桥村集中供水'))!.id}`);
    expect(water).toMatchObject({ handedOverOn: '2026-11-16', owner: { type: 'village_collective' } });
    expect(water.ownership.map((o: { owner: { type: string } }) => o.owner.type)).toEqual([
      'department',
      'village_collective',
    ]);
    expect(water.ownership[1].docNo).toBe('郾水移〔2026〕7号');
    const operating = assets.filter((a) => a.assetClass === 'operating');
    for (const a of operating) {
      expect(yuanToFen(a.income.total) > 0n).toBe(true);
      expect(yuanToFen(a.income.distributed) > 0n).toBe(true);
      expect(yuanToFen(a.income.distributed) <= yuanToFen(a.income.total)).toBe(true);
    }
    // Households without labour capacity of the asset's village were paid first: 王店村 has one.
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM asset_distribution d JOIN household h ON h.id = d.household_id
        WHERE h.labor_capacity = 'none' AND h.region_code = '411103101202'`,
    );
    expect(n).toBe(1);
    const scrapped = assets.filter((a) => a.status === 'disposed');
    expect(scrapped).toHaveLength(1);
    expect(scrapped[0]).toMatchObject({ assetClass: 'household', disposal: { method: 'scrap', proceeds: '0.00' } });
    // The assets come before the county's announcement, which stays the last entry of a load (its marker).
    const [last] = await t.db.query(
      `SELECT idempotency_key FROM journal_entry WHERE book = $1 ORDER BY seq DESC LIMIT 1`,
      [COUNTY],
    );
    expect(last.idempotency_key).toBe(LAST_KEY);
  });

  it('leaves no asset finding for the auditor, and the trace of a fund reaches its asset and income', async () => {
    const { items } = await get(`/api/v1/audit/findings?regionCode=${COUNTY}&asOf=2026-11-22`);
    const assetRules = [
      'accepted_without_assets',
      'assets_below_paid',
      'asset_without_income',
      'income_undistributed',
      'distribution_skipped_priority',
      'paid_after_exit',
    ];
    expect((items as Array<{ rule: string }>).filter((f) => assetRules.includes(f.rule))).toEqual([]);

    const { items: funds } = await get(`/api/v1/funds?regionCode=${COUNTY}&limit=100`);
    const central = (funds as Array<{ id: string; docNo: string }>).find((f) => f.docNo === '漯财农〔2026〕5号')!;
    const trace = await get(`/api/v1/audit/trace/funds/${central.id}`);
    const pv = (trace.root.projects as Array<{ name: string; assets: TracedAsset[] }>)
      .find((p) => p.name === '大刘村200千瓦分布式光伏电站')!
      .assets.find((a) => a.assetClass === 'operating')!;
    const plan = DEMO_ASSETS.find((a) => a.key === 'p04:pv')!;
    const income = plan.income!.reduce((s, i) => s + yuanToFen(i.amount), 0n);
    expect(yuanToFen(pv.income)).toBe(income);
    expect(yuanToFen(pv.distributed) + yuanToFen(pv.undistributed)).toBe(income);
    expect(yuanToFen(pv.attributed) > 0n).toBe(true);
    const back = await get(`/api/v1/audit/trace/assets/${pv.assetId}`);
    // And back: the asset's value to this fund, its income entries one by one.
    expect(back.income).toBe(pv.income);
    expect(
      (back.funds as Array<{ fundId: string; amount: string }>).find((f) => f.fundId === central.id),
    ).toMatchObject({ amount: pv.attributed });
    expect((back.movements as Array<{ type: string }>).filter((m) => m.type === 'income')).toHaveLength(
      plan.income!.length,
    );
  });

  it('answers a new payment exactly as the ledger shows it afterwards', async () => {
    const finance = await t.tokenFor('finance', COUNTY);
    const { items } = await get(`/api/v1/projects?regionCode=${COUNTY}&status=in_progress&limit=100`);
    const project = (items as Array<{ id: string; name: string }>).find(
      (p) => p.name === '后街村农产品冷链仓储(冷库)建设',
    )!;
    const body = {
      kind: 'progress',
      amount: '1234.56',
      paidOn: '2026-11-20',
      payee: { name: '河南华诚冷链设备有限公司', type: 'contractor', accountNo: '6230580000012345678' },
      voucherNo: '郾财拨〔2026〕9001号',
    };
    const posted = (
      await t
        .http()
        .post(`/api/v1/projects/${project.id}/disbursements`)
        .set('Authorization', `Bearer ${finance}`)
        .send(body)
        .expect(201)
    ).body;
    expect(posted).toMatchObject({
      amount: '1234.56',
      payee: { accountNo: '***************5678', householdId: null },
      reversedSeq: null,
      settles: false,
    });
    const listed = (await get(`/api/v1/projects/${project.id}/disbursements`)).items as Array<{ id: string }>;
    expect(listed.find((d) => d.id === posted.id)).toEqual(posted);
  });
});
