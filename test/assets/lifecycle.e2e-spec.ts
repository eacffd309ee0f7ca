import ExcelJS from 'exceljs';
import { AssetReadService } from '../../src/assets/asset-read.service';
import { JournalService } from '../../src/journal/journal.service';
import { ReplayService } from '../../src/journal/replay/replay.service';
import { COUNTY, ProjectDriver, projectTokens, VILLAGE } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { acceptedProject, fundOf, household, operatingAsset } from './asset-fixtures';

/** Reads the body of a binary response into a Buffer (supertest leaves xlsx unparsed). */
const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('assets: the whole life of an operating asset', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let journal: JournalService;
  let projectId: string;
  let assetId: string;
  let roadId: string;
  const f: Record<string, string> = {};
  const h: Record<string, string> = {};
  const balance = (account: string) => journal.balance(COUNTY, account, assetId);

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
    journal = t.app.get(JournalService);
    f.central = await fundOf(d, 'central', '100000.00');
    f.provincial = await fundOf(d, 'provincial', '100000.00');
    f.county = await fundOf(d, 'county', '100000.00');
    projectId = await acceptedProject(d, [
      { fundId: f.central, amount: '60000.00' },
      { fundId: f.provincial, amount: '30000.00' },
      { fundId: f.county, amount: '10000.03' },
    ]);
    h.none1 = await household(d, 1, 'none');
    h.none2 = await household(d, 2, 'none');
    h.full = await household(d, 3, 'full');
  });
  afterAll(() => t.close());

  it('registers an asset of the settled project with its value attributed to the funds, exact to the fen', async () => {
    expect((await d.project(projectId)).status).toBe('settled');
    const asset = await d.post(
      'program',
      `/api/v1/projects/${projectId}/assets`,
      operatingAsset({ value: '90000.00' }),
      201,
    );
    assetId = asset.id;
    expect(asset).toMatchObject({
      assetNo: `ZC411103-2024-00001`,
      status: 'in_use',
      value: '90000.00',
      villageCode: VILLAGE,
      acceptedOn: '2024-10-15',
      builtOn: '2024-09-30',
      owner: { type: 'village_collective', regionCode: VILLAGE, name: '后街村股份经济合作社' },
      beneficiaries: { households: 45, persons: 132 },
      income: { total: '0.00', distributed: '0.00', undistributed: '0.00' },
    });
    // The project shows what it left behind (资产形成).
    expect((await d.project(projectId)).assets).toEqual([
      {
        id: assetId,
        assetNo: 'ZC411103-2024-00001',
        name: asset.name,
        assetClass: 'operating',
        value: '90000.00',
        status: 'in_use',
      },
    ]);
    // 90000.00 over 60000.00 : 30000.00 : 10000.03 → 53999.983…, 26999.991…, 9000.024…: the odd fen to the county fund.
    expect(asset.funding.map((x: { fundId: string; amount: string }) => [x.fundId, x.amount])).toEqual([
      [f.central, '53999.98'],
      [f.provincial, '26999.99'],
      [f.county, '9000.03'],
    ]);
    expect(asset.fundingBySource).toEqual([
      { sourceLevel: 'central', amount: '53999.98' },
      { sourceLevel: 'provincial', amount: '26999.99' },
      { sourceLevel: 'county', amount: '9000.03' },
    ]);
    // A public-welfare road of the same project takes what is left, from what each fund has left.
    const road = await d.post(
      'program',
      `/api/v1/projects/${projectId}/assets`,
      operatingAsset({
        name: '后街村产业路',
        assetClass: 'public_welfare',
        value: '10000.03',
        owner: { type: 'department', name: '郾城区交通运输局' },
        operator: undefined,
      }),
      201,
    );
    roadId = road.id;
    // The read side other features use (completion notices): name, class, value, owner.
    expect(await t.app.get(AssetReadService).listByProject(projectId)).toEqual([
      expect.objectContaining({
        assetId,
        assetNo: 'ZC411103-2024-00001',
        assetClass: 'operating',
        value: '90000.00',
        ownerName: '后街村股份经济合作社',
      }),
      expect.objectContaining({
        assetId: roadId,
        assetNo: 'ZC411103-2024-00002',
        assetClass: 'public_welfare',
        value: '10000.03',
        ownerName: '郾城区交通运输局',
      }),
    ]);
    expect(road.funding.map((x: { amount: string }) => x.amount)).toEqual(['6000.02', '3000.01', '1000.00']);
  });

  it('records income from the operation, into the asset-income account of the asset', async () => {
    const asset = await d.post(
      'village',
      `/api/v1/assets/${assetId}/income`,
      { amount: '12000.50', receivedOn: '2025-03-31', period: '2025-Q1', source: '国网漯河供电公司 电费结算' },
      201,
    );
    expect(asset.income).toEqual({ total: '12000.50', distributed: '0.00', undistributed: '12000.50' });
    expect(await balance(`asset-income:${assetId}`)).toBe(1200050n);
    expect(await balance(`operation:${assetId}`)).toBe(-1200050n);
  });

  it('distributes to households and purposes; warns that a household without labour capacity was skipped', async () => {
    const body = {
      distributedOn: '2025-04-10',
      items: [
        { householdId: h.none1, amount: '3000.00' },
        { purpose: 'public_welfare_job', amount: '4000.00' },
        { purpose: 'collective', amount: '2000.00' },
      ],
    };
    const result = await d.post('village', `/api/v1/assets/${assetId}/distributions`, body, 201);
    expect(result).toMatchObject({
      total: '9000.00',
      asset: { income: { total: '12000.50', distributed: '9000.00', undistributed: '3000.50' } },
    });
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'PRIORITY_SKIPPED', householdIds: [h.none2] })]);
    expect(await balance(`asset-income:${assetId}`)).toBe(300050n);
    expect(await balance(`payee:household.${h.none1}`)).toBe(300000n);
    expect(await balance(`payee:public_welfare_job.${VILLAGE}`)).toBe(400000n);
    expect(await balance(`collective:${VILLAGE}`)).toBe(200000n);
    // The journal names households by id only.
    const [entry] = await t.db.query(
      `SELECT convert_from(body, 'UTF8') AS body FROM journal_entry WHERE book = $1 AND seq = $2`,
      [COUNTY, result.entrySeq],
    );
    expect(entry.body).toContain(h.none1);
    expect(entry.body).not.toContain('户主');

    const rest = await d.post(
      'village',
      `/api/v1/assets/${assetId}/distributions`,
      { distributedOn: '2025-04-11', items: [{ householdId: h.none2, amount: '3000.50' }] },
      201,
    );
    expect(rest.warnings).toEqual([]);
    expect(await balance(`asset-income:${assetId}`)).toBe(0n);
  });

  it('hands the asset over with a document number and keeps the full ownership history', async () => {
    const asset = await d.post(
      'program',
      `/api/v1/assets/${assetId}/transfers`,
      {
        to: { type: 'household', householdId: h.full },
        transferredOn: '2025-05-01',
        docNo: '郾乡振〔2025〕7号',
        custodian: '农户自行管护',
      },
      201,
    );
    expect(asset).toMatchObject({
      handedOverOn: '2025-05-01',
      owner: { type: 'household', householdId: h.full, name: '户主3' },
      custodian: '农户自行管护',
      operator: '漯河市光伏运维有限公司',
    });
    expect(
      asset.ownership.map((o: { owner: { type: string }; docNo: string | null; fromOn: string }) => [
        o.owner.type,
        o.docNo,
        o.fromOn,
      ]),
    ).toEqual([
      ['village_collective', null, '2024-11-01'],
      ['household', '郾乡振〔2025〕7号', '2025-05-01'],
    ]);
  });

  it('summarises per village and exports the register with the right totals', async () => {
    const summary = await d.get('auditor', `/api/v1/assets/summary?regionCode=${COUNTY}&year=2025`);
    expect(summary.villages).toEqual([
      {
        regionCode: VILLAGE,
        regionName: expect.any(String),
        count: 2,
        value: '100000.03',
        incomeThisYear: '12000.50',
        distributedThisYear: '12000.50',
      },
    ]);
    const list = await d.get('auditor', `/api/v1/assets?regionCode=${COUNTY}&assetClass=public_welfare`);
    expect(list.items.map((a: { id: string }) => a.id)).toEqual([roadId]);

    const res = await t
      .http()
      .get(`/api/v1/assets/export.xlsx?regionCode=${COUNTY}&year=2025`)
      .set(d.as('auditor'))
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const ws = wb.getWorksheet('资产台账')!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(
      expect.arrayContaining([
        '资产编号',
        '项目名称',
        '批复文号',
        '资产名称',
        '资产类别',
        '中央资金',
        '资产原值(元)',
        '所有权人',
        '管护主体',
        '2025年收益(元)',
        '资产状态',
      ]),
    );
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const col = (name: string) => headers.indexOf(name) + 1;
    expect(ws.rowCount).toBe(4);
    expect(ws.getRow(2).getCell(col('资产编号')).value).toBe('ZC411103-2024-00001');
    expect(ws.getRow(2).getCell(col('所有权人')).value).toBe('户主3');
    expect(ws.getRow(2).getCell(col('资产类别')).value).toBe('经营性');
    const total = ws.getRow(4);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(col('资产原值(元)')).value).toBe(100000.03);
    expect(total.getCell(col('中央资金')).value).toBe(60000);
    expect(total.getCell(col('县级资金')).value).toBe(10000.03);
    expect(total.getCell(col('2025年收益(元)')).value).toBe(12000.5);
    expect(ws.getRow(2).getCell(col('资产原值(元)')).numFmt).toBe('#,##0.00');
    // No ID number anywhere in the sheet.
    const text = JSON.stringify(ws.getSheetValues());
    expect(text).not.toMatch(/\d{17}[\dX]/);
  });

  it('disposes of the asset with approvals in order; proceeds go to the collective; no more steps after', async () => {
    const body = {
      method: 'sale',
      villageAssemblyOn: '2025-06-01',
      townshipApprovedOn: '2025-06-05',
      countyApprovedOn: '2025-06-10',
      disposedOn: '2025-06-20',
      proceeds: '50000.00',
      proceedsTo: 'village_collective',
      docNo: '郾乡振〔2025〕21号',
    };
    const asset = await d.post('program', `/api/v1/assets/${assetId}/disposal`, body, 201);
    expect(asset).toMatchObject({
      status: 'disposed',
      disposal: { method: 'sale', disposedOn: '2025-06-20', proceeds: '50000.00', proceedsTo: 'village_collective' },
    });
    expect(await balance(`collective:${VILLAGE}`)).toBe(200000n + 5000000n);
    expect(await balance(`operation:${assetId}`)).toBe(-1200050n - 5000000n);

    for (const [url, who, payload] of [
      ['income', 'village', { amount: '1.00', receivedOn: '2025-07-01', period: '2025-07', source: '租金' }],
      ['distributions', 'village', { distributedOn: '2025-07-01', items: [{ purpose: 'upkeep', amount: '1.00' }] }],
      ['transfers', 'program', { to: { type: 'village_collective' }, transferredOn: '2025-07-01', docNo: 'x' }],
      ['disposal', 'program', body],
    ] as const) {
      expect((await d.post(who, `/api/v1/assets/${assetId}/${url}`, payload, 409)).code).toBe('INVALID_STATE');
    }
    const summary = await d.get('auditor', `/api/v1/assets/summary?regionCode=${COUNTY}&year=2025`);
    expect(summary.villages[0]).toMatchObject({ count: 1, value: '10000.03' });
  });

  it('names households in the journal by id only', async () => {
    const bodies: Array<{ body: string }> = await t.db.query(
      `SELECT convert_from(body, 'UTF8') AS body FROM journal_entry WHERE type LIKE 'asset.%'`,
    );
    expect(bodies).toHaveLength(7);
    for (const { body } of bodies) expect(body).not.toMatch(/户主|\d{17}[\dX]/);
    expect(bodies.some(({ body }) => body.includes(h.full))).toBe(true);
  });

  it('keeps every asset table rebuildable from the journal', async () => {
    const report = await t.app.get(ReplayService).check();
    expect(report.ok).toBe(true);
    const rows = Object.fromEntries(report.tables.map((x) => [x.table, x.rows]));
    expect(rows).toMatchObject({
      asset: 2,
      asset_funding: 6,
      asset_ownership: 3,
      asset_income: 1,
      asset_distribution: 4,
    });
  });
});
