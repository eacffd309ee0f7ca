import { ReplayService } from '../../src/journal/replay/replay.service';
import { COUNTY, DATES, plusDays, PROVINCE, ProjectDriver, projectTokens, VILLAGE } from '../support/project-fixtures';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';
import { acceptedProject, fundOf, operatingAsset } from '../assets/asset-fixtures';
import { contentHashOf, getPdf, idFor, journalText, pdfText } from './notice-fixtures';

describe('notices: published from the ledger, immutable, hashed, printable', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let tokens: Record<string, string>;
  let projectId: string;
  let fundA: string;
  const notices: Record<
    string,
    { id: string; contentHash: string; book: string; seq: number; pdfUrl: string; verifyUrl: string }
  > = {};

  beforeAll(async () => {
    t = await createTestApp();
    tokens = await projectTokens(t);
    d = new ProjectDriver(t, tokens);
    // This file publishes its notices itself.
    d.autoNotices = false;
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
    fundA = (
      await d.post(
        'provinceFinance',
        `/api/v1/funds/${central.id}/allocations`,
        { toRegionCode: COUNTY, amount: '500000.00', docNo: '豫财农〔2024〕15号', issuedOn: '2024-01-10' },
        201,
      )
    ).id;
    projectId = await d.apply({ name: '后街村到户养殖奖补项目', category: '到户产业奖补' });
  });
  afterAll(() => t.close());

  const publish = (who: string, body: Record<string, unknown>) =>
    t.http().post('/api/v1/notices').set(d.as(who)).send(body);
  const application = (over: Record<string, unknown> = {}) => ({
    type: 'application',
    projectId,
    periodStart: DATES.applied,
    periodEnd: plusDays(DATES.applied, 7),
    issuer: '后街村村民委员会',
    hotline: { local: '0395-6161234' },
    ...over,
  });

  it('refuses a period shorter than the minimum, writing nothing', async () => {
    const before = await tableCounts(t.db);
    const res = await publish('village', application({ periodEnd: plusDays(DATES.applied, 6) })).expect(422);
    expect(res.body).toMatchObject({ code: 'NOTICE_PERIOD_TOO_SHORT', details: { minDays: 7, days: 6 } });
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it.each([
    [
      'a village publishing an approval notice',
      'village',
      { type: 'approval', periodEnd: plusDays(DATES.applied, 10) },
      403,
      'FORBIDDEN',
    ],
    ['another village', 'otherVillage', {}, 403, 'OUT_OF_SCOPE'],
    [
      'an approval notice before approval',
      'program',
      { type: 'approval', issuer: '郾城区乡村振兴局', periodEnd: plusDays(DATES.applied, 10) },
      409,
      'INVALID_STATE',
    ],
    [
      'a period starting before the application',
      'village',
      { periodStart: '2024-01-31', periodEnd: '2024-02-08' },
      422,
      'DATE_ORDER',
    ],
    ['no periodEnd', 'village', { periodEnd: undefined }, 400, 'VALIDATION_FAILED'],
    [
      'a correction of a notice that does not exist',
      'village',
      { correctsNoticeId: '00000000-0000-4000-8000-000000000000' },
      404,
      'NOT_FOUND',
    ],
    ['an auditor', 'auditor', {}, 403, 'FORBIDDEN'],
  ])('refuses %s, writing nothing', async (_name, who, over, status, code) => {
    const before = await tableCounts(t.db);
    const res = await publish(who, application(over)).expect(status);
    expect(res.body.code).toBe(code);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('publishes the application notice: 201 with hash, book/seq and links; content from the project', async () => {
    const res = await publish('village', application()).expect(201);
    notices.application = res.body;
    expect(res.body).toMatchObject({
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      book: COUNTY,
      seq: expect.any(Number),
      pdfUrl: `/api/v1/notices/${res.body.id}/pdf`,
      verifyUrl: expect.stringMatching(new RegExp(`/public/verify/${res.body.id}$`)),
    });
    const notice = (await t.http().get(`/api/v1/notices/${res.body.id}`).expect(200)).body;
    expect(notice).toMatchObject({
      type: 'application',
      projectId,
      regionCode: VILLAGE,
      periodStart: '2024-02-01',
      periodEnd: '2024-02-08',
      issuedOn: '2024-02-01',
      book: COUNTY,
      seq: res.body.seq,
      objections: [],
      correctedBy: null,
    });
    expect(notice.regionName).toBe('漯河市郾城区城关镇后街村');
    expect(notice.content).toMatchObject({
      version: 1,
      type: 'application',
      issuer: '后街村村民委员会',
      title: '漯河市郾城区城关镇后街村2024年度后街村到户养殖奖补项目申报公示',
      hotline: { local: '0395-6161234', national: '12317' },
    });
    const fields = Object.fromEntries(notice.content.fields.map((f: { label: string; value: string }) => [f.label, f]));
    expect(fields['项目总投资']).toEqual({ label: '项目总投资', value: '220000.00 元', amountYuan: '220000.00' });
    expect(fields['绩效目标'].value).toBe('年发电量不低于 24 万千瓦时,村集体年增收 8 万元以上');
    expect(fields['受益对象'].value).toBe('脱贫户(监测户) 45 户 132 人');
    expect(notice.seal).toEqual({
      contentHash: res.body.contentHash,
      book: COUNTY,
      seq: String(res.body.seq),
      verifyUrl: res.body.verifyUrl,
    });
  });

  it('keeps the hash stable: GET twice, recompute from the content, the entry payload, two renders', async () => {
    const { id, contentHash, seq } = notices.application;
    const [a, b] = [
      (await t.http().get(`/api/v1/notices/${id}`)).body,
      (await t.http().get(`/api/v1/notices/${id}`)).body,
    ];
    expect(a).toEqual(b);
    expect(contentHashOf(a.content)).toBe(contentHash);
    const [entry] = await t.db.query(
      `SELECT convert_from(body, 'UTF8')::jsonb AS doc FROM journal_entry WHERE book = $1 AND seq = $2`,
      [COUNTY, seq],
    );
    expect(entry.doc).toMatchObject({
      type: 'notice.published',
      payload: {
        noticeId: id,
        contentHash,
        type: 'application',
        projectId,
        periodStart: '2024-02-01',
        periodEnd: '2024-02-08',
      },
    });
    expect(entry.doc.subjects).toEqual(expect.arrayContaining([`notice:${id}`, `project:${projectId}`]));

    const first = await getPdf(t, `/api/v1/notices/${id}/pdf`);
    const second = await getPdf(t, `/api/v1/notices/${id}/pdf`);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    expect(first.headers['content-disposition']).toMatch(
      new RegExp(`^inline; filename="notice-${id}.pdf"; filename\\*=UTF-8''`),
    );
    const text = pdfText(first.body as Buffer);
    expect(text).toBe(pdfText(second.body as Buffer));
    expect(text).toContain('后街村到户养殖奖补项目');
    expect(text).toContain(contentHash.slice(0, 16));
  });

  it('refuses a second notice of the same type unless it is a correction', async () => {
    const res = await publish('village', application({ periodStart: '2024-02-02', periodEnd: '2024-02-09' })).expect(
      409,
    );
    expect(res.body.code).toBe('ALREADY_EXISTS');
  });

  it('publishes approval and completion notices: funding by level, payments, households with masked IDs', async () => {
    const households: string[] = [];
    for (const n of [1, 2]) {
      households.push(
        (
          await d.post(
            'village',
            '/api/v1/households',
            {
              headName: `王秀英${n}`,
              idNumber: idFor(n),
              regionCode: VILLAGE,
              members: 3,
              laborCapacity: 'partial',
              category: 'lifted',
              since: '2016-05-10',
            },
            201,
          )
        ).id,
      );
    }
    await d.review(projectId);
    await d.approve(projectId, [{ fundId: fundA, amount: '20000.00' }]);
    const approval = await publish('program', {
      type: 'approval',
      projectId,
      periodStart: DATES.approved,
      periodEnd: '2024-03-11',
      issuer: '郾城区乡村振兴局',
    }).expect(201);
    const approvalView = (await t.http().get(`/api/v1/notices/${approval.body.id}`)).body;
    expect(approvalView.content.tables[0]).toMatchObject({
      title: '资金来源及规模',
      rows: [{ level: '中央', docNo: '豫财农〔2024〕15号', amount: '20000.00' }],
      total: { level: '合计', amount: '20000.00' },
    });
    await d.start(projectId);
    for (const [i, h] of households.entries()) {
      await d.pay(projectId, {
        kind: 'household',
        amount: '3000.00',
        paidOn: '2024-04-01',
        payee: { name: '户主', type: 'household', householdId: h },
        voucherNo: `到户-${i}`,
      });
    }
    await d.complete(projectId);
    await d.accept(projectId, '18000.00');
    const completion = await publish('village', {
      type: 'completion',
      projectId,
      periodStart: DATES.accepted,
      periodEnd: '2024-10-20',
      issuer: '后街村村民委员会',
    }).expect(201);
    const view = (await t.http().get(`/api/v1/notices/${completion.body.id}`)).body;
    const fields = Object.fromEntries(
      view.content.fields.map((f: { label: string; value: string }) => [f.label, f.value]),
    );
    expect(fields).toMatchObject({
      验收结果: '合格',
      决算金额: '18000.00 元',
      已拨付资金: '6000.00 元',
      批复文号: expect.stringMatching(/^郾乡振〔2024〕/),
    });
    const list = view.content.tables.find((x: { title: string }) => x.title === '受益农户名单');
    expect(list.rows).toEqual([
      { no: '1', name: '王秀英1', idNumber: `${idFor(1).slice(0, 6)}********${idFor(1).slice(-4)}`, amount: '3000.00' },
      { no: '2', name: '王秀英2', idNumber: `${idFor(2).slice(0, 6)}********${idFor(2).slice(-4)}`, amount: '3000.00' },
    ]);

    // The PDF has the names and the masked IDs, never a full ID; the journal has neither.
    const text = pdfText((await getPdf(t, `/api/v1/notices/${completion.body.id}/pdf`)).body as Buffer);
    expect(text).toContain('王秀英1');
    expect(text.replace(/\s/g, '')).toContain(`${idFor(1).slice(0, 6)}********${idFor(1).slice(-4)}`);
    expect(text).not.toMatch(/\d{17}[\dX]/);
    const chain = await journalText(t);
    expect(chain).not.toContain('王秀英');
    expect(chain).not.toContain(idFor(1).slice(-4) + '"');
    expect(chain).not.toContain(idFor(1));
  });

  it('publishes the county announcement: every fund and project of the year by source level', async () => {
    const county = await d.countyFund('80000.00', '郾财农〔2024〕7号');
    d.autoNotices = true;
    const other = await d.projectFunded(
      [
        { fundId: county, amount: '30000.00' },
        { fundId: fundA, amount: '10000.00' },
      ],
      { start: false, over: { name: '后街村道路硬化项目' } },
    );
    const res = await publish('finance', {
      type: 'announcement',
      regionCode: COUNTY,
      periodStart: '2024-12-31',
      issuer: '郾城区财政局',
    }).expect(201);
    const view = (await t.http().get(`/api/v1/notices/${res.body.id}`)).body;
    expect(view).toMatchObject({ type: 'announcement', projectId: null, regionCode: COUNTY, periodEnd: null });
    expect(view.content.title).toBe('漯河市郾城区2024年度衔接推进乡村振兴资金分配结果公告');
    const [funds, projects] = view.content.tables;
    expect(
      funds.rows.map((r: { docNo: string; level: string; amount: string }) => [r.docNo, r.level, r.amount]),
    ).toEqual([
      ['豫财农〔2024〕15号', '中央', '500000.00'],
      ['郾财农〔2024〕7号', '县级', '80000.00'],
    ]);
    expect(projects.rows).toEqual([
      expect.objectContaining({
        name: '后街村到户养殖奖补项目',
        central: '20000.00',
        county: '0.00',
        total: '20000.00',
      }),
      expect.objectContaining({
        name: '后街村道路硬化项目',
        central: '10000.00',
        county: '30000.00',
        total: '40000.00',
      }),
    ]);
    expect(projects.total).toMatchObject({ name: '合计', central: '30000.00', county: '30000.00', total: '60000.00' });
    expect(other).toBeTruthy();

    // Only a county's finance or program office announces.
    const refused = await publish('township', {
      type: 'announcement',
      regionCode: COUNTY,
      periodStart: '2024-12-31',
      issuer: '新店镇',
    }).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
  });

  it('a completion notice lists the assets registered from the project (资产形成)', async () => {
    d.autoNotices = true;
    const fund = await fundOf(d, 'central', '50000.00');
    const id = await acceptedProject(d, [{ fundId: fund, amount: '30000.00' }]);
    await d.post('program', `/api/v1/projects/${id}/assets`, operatingAsset({ value: '30000.00' }), 201);
    const res = await publish('township', {
      type: 'completion',
      projectId: id,
      periodStart: DATES.accepted,
      periodEnd: '2024-10-20',
      issuer: '城关镇人民政府',
    }).expect(201);
    const { content } = (await t.http().get(`/api/v1/notices/${res.body.id}`)).body;
    const assets = content.tables.find((x: { title: string }) => x.title === '资产形成');
    expect(assets.rows).toEqual([
      expect.objectContaining({
        name: '后街村 200 千瓦光伏电站',
        class: '经营性',
        owner: '后街村股份经济合作社',
        value: '30000.00',
      }),
    ]);
    expect(content.fields.find((f: { label: string }) => f.label === '资产形成').value).toBe(
      '1 项,原值合计 30000.00 元,见资产形成表',
    );
    d.autoNotices = false;
  });

  it('lists notices by region, type and project; previews a PDF without writing', async () => {
    const all = (await t.http().get(`/api/v1/notices?regionCode=${COUNTY}`).expect(200)).body;
    // The road and asset projects' application and approval notices were published by the driver.
    expect(all.items.map((n: { type: string }) => n.type).sort()).toEqual([
      'announcement',
      'application',
      'application',
      'application',
      'approval',
      'approval',
      'completion',
      'completion',
    ]);
    const mine = (await t.http().get(`/api/v1/notices?projectId=${projectId}&type=approval`).expect(200)).body;
    expect(mine.items).toHaveLength(1);
    const page = (await t.http().get(`/api/v1/notices?limit=2`).expect(200)).body;
    const rest = (await t.http().get(`/api/v1/notices?limit=10&cursor=${page.nextCursor}`).expect(200)).body;
    expect(new Set([...page.items, ...rest.items].map((n: { id: string }) => n.id)).size).toBe(8);

    const before = await tableCounts(t.db);
    const preview = await getPdf(t, `/api/v1/projects/${projectId}/notices/preview?type=completion`, tokens.village);
    expect(preview.status).toBe(200);
    expect(preview.headers['content-type']).toBe('application/pdf');
    expect(pdfText(preview.body as Buffer)).toContain('后街村到户养殖奖补项目');
    expect(await tableCounts(t.db)).toEqual(before);
    expect(
      (await getPdf(t, `/api/v1/projects/${projectId}/notices/preview?type=completion`, tokens.otherVillage)).status,
    ).toBe(403);
    expect((await t.http().get(`/api/v1/projects/${projectId}/notices/preview?type=completion`)).status).toBe(401);
  });

  it('rebuilds notices from the journal alone', async () => {
    const report = await t.app.get(ReplayService).check();
    expect(report.ok).toBe(true);
    expect(report.tables.find((x) => x.table === 'notice')?.rows).toBe(8);
  });
});
