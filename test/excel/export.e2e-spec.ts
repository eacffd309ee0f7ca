import type ExcelJS from 'exceljs';
import { createTestApp, TestApp } from '../support/test-app';
import { COUNTY, ProjectDriver, projectTokens, VILLAGE } from '../support/project-fixtures';
import { binary, HOUSEHOLD_HEADER, readXlsx, rowsOf, xlsx } from './xlsx-fixtures';

const ACCOUNT = '6228480012345678';
const HOUSEHOLD_ID = '411103198503150018';

describe('Excel exports of a region', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let tokens: Record<string, string>;
  const download = async (who: string, path: string, status = 200) => {
    const res = await t.http().get(`/api/v1/exports/${path}`).set(d.as(who)).buffer(true).parse(binary).expect(status);
    return status === 200 ? { res, wb: await readXlsx(res.body as Buffer) } : { res, wb: undefined };
  };
  const totalRow = (ws: ExcelJS.Worksheet) => ws.getRow(ws.rowCount);
  /** A total cell: a SUM formula with its cached result, or a plain value. */
  const total = (cell: ExcelJS.Cell) =>
    typeof cell.value === 'object' && cell.value && 'result' in cell.value ? cell.value.result : cell.value;

  beforeAll(async () => {
    t = await createTestApp();
    tokens = await projectTokens(t);
    d = new ProjectDriver(t, tokens);
    const fundA = await d.countyFund('1000000.00', 'EXP-A', '2024-01-10');
    await d.countyFund('12345.67', 'EXP-B', '2024-02-10');
    const project = await d.projectFunded([{ fundId: fundA, amount: '150000.00' }]);
    await d.pay(project, {
      amount: '100.00',
      payee: { name: '河南中原建设工程有限公司', type: 'contractor', accountNo: ACCOUNT },
    });
    await d.pay(project, { amount: '200.55', paidOn: '2024-04-02' });
    const wrong = await d.pay(project, { amount: '300.00', paidOn: '2024-04-03' });
    await d.post(
      'finance',
      `/api/v1/entries/${COUNTY}/${wrong.entrySeq}/reverse`,
      { reason: '凭证号录入错误', reversedOn: '2024-04-04' },
      201,
    );
    const file = await xlsx(
      HOUSEHOLD_HEADER,
      [['王大山', HOUSEHOLD_ID, VILLAGE, 4, '有劳动能力', '脱贫户', '2024-01-10']],
      { textColumns: [2] },
    );
    const imported = await t
      .http()
      .post('/api/v1/households/import')
      .set(d.as('village'))
      .attach('file', file, 'h.xlsx')
      .expect(201);
    await d.pay(project, {
      kind: 'household',
      amount: '50.00',
      paidOn: '2024-04-05',
      payee: { name: '户主', type: 'household', householdId: imported.body.ids[0], accountNo: '6230520011112222333' },
    });
  });
  afterAll(() => t.close());

  it('exports the funds of a region with numbers formatted, a frozen header and exact totals', async () => {
    const { res, wb } = await download('finance', `funds.xlsx?regionCode=${COUNTY}&year=2024`);
    expect(res.headers['content-disposition']).toContain(`funds-${COUNTY}-2024.xlsx`);
    const ws = wb!.worksheets[0];
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const rows = rowsOf(ws);
    expect(rows[0]).toEqual([
      '文号',
      '标题',
      '来源级次',
      '区划代码',
      '区划名称',
      '日期',
      '用途',
      '金额(元)',
      '已下达(元)',
      '已安排(元)',
      '已拨付(元)',
      '可用(元)',
    ]);
    expect(rows.slice(1, -1).map((r) => [r[0], r[2], r[7], r[11]])).toEqual([
      ['EXP-A', '县级', 1000000, 1000000 - 150000],
      ['EXP-B', '县级', 12345.67, 12345.67],
    ]);
    expect(ws.getCell('H2').numFmt).toBe('#,##0.00');
    expect(ws.getColumn(2).width).toBeGreaterThan(ws.getColumn(6).width!);
    const last = totalRow(ws);
    expect(last.getCell(1).value).toBe('合计');
    expect(last.getCell(8).value).toMatchObject({ formula: 'SUM(H2:H3)' });
    expect(total(last.getCell(8))).toBe(1012345.67);
    expect(total(last.getCell(10))).toBe(150000 - 350.55); // committed, still unpaid
    expect(total(last.getCell(11))).toBe(350.55); // the reversed 300.00 came back
    expect(total(last.getCell(12))).toBe(862345.67);
  });

  it('exports payments with masked accounts and ID numbers; reversed ones marked, left out of the total', async () => {
    const { wb } = await download('auditor', `disbursements.xlsx?regionCode=${COUNTY}`);
    const ws = wb!.worksheets[0];
    const rows = rowsOf(ws);
    expect(rows[0]).toEqual([
      '凭证号',
      '项目名称',
      '区划代码',
      '类型',
      '拨付日期',
      '收款人',
      '收款人类型',
      '收款账号',
      '身份证号',
      '金额(元)',
      '资金文号',
      '状态',
      '账簿',
      '分录序号',
    ]);
    const data = rows.slice(1, -1);
    expect(data.map((r) => [r[3], r[4], r[7], r[8] ?? null, r[9], r[10], r[11]])).toEqual([
      ['进度款', '2024-04-01', '****5678', null, 100, 'EXP-A', '正常'],
      ['进度款', '2024-04-02', '****5678', null, 200.55, 'EXP-A', '正常'],
      ['进度款', '2024-04-03', '****5678', null, 300, 'EXP-A', '已冲销'],
      ['到户补助', '2024-04-05', '****2333', '411103********0018', 50, 'EXP-A', '正常'],
    ]);
    expect(data[3][5]).toBe('王大山');
    expect(totalRow(ws).getCell(1).value).toBe('合计(不含已冲销)');
    expect(total(totalRow(ws).getCell(10))).toBe(350.55);
    const everything = JSON.stringify(rows);
    expect(everything).not.toContain(ACCOUNT);
    expect(everything).not.toContain('6230520011112222333');
    expect(everything).not.toContain(HOUSEHOLD_ID);
  });

  it('exports projects with their money', async () => {
    const { wb } = await download('program', 'projects.xlsx?year=2024');
    const ws = wb!.worksheets[0];
    const rows = rowsOf(ws);
    expect(rows).toHaveLength(3);
    expect(rows[1][0]).toBe('后街村 200 千瓦光伏电站');
    expect(rows[1][5]).toBe('实施中');
    expect(rows[1].slice(10, 14)).toEqual([220000, 20000, 150000, 350.55]);
    expect(total(totalRow(ws).getCell(14))).toBe(350.55);
  });

  it('answers an empty sheet with a zero total for a year without data; 403 outside the caller region', async () => {
    const { wb } = await download('finance', 'funds.xlsx?year=2023');
    const rows = rowsOf(wb!.worksheets[0]);
    expect(rows).toHaveLength(2);
    expect(rows[1][0]).toBe('合计');
    expect(rows[1][7]).toBe(0);
    const { res } = await download('village', `funds.xlsx?regionCode=${COUNTY}`, 403);
    expect(JSON.parse((res.body as Buffer).toString()).code).toBe('FORBIDDEN'); // a role that exports nothing
    await download('auditor', 'projects.xlsx?regionCode=411102000000', 403);
    await download('auditor', 'disbursements.xlsx?regionCode=nope', 400);
  });
});
