import { randomBytes } from 'node:crypto';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';
import { COUNTY, PROVINCE, TOWNSHIP, VILLAGE } from '../support/project-fixtures';
import { binary, emptyWorkbook, FUND_HEADER, readXlsx, rowsOf, xlsx } from './xlsx-fixtures';

const OTHER_COUNTY = '411102000000';
const TITLE = '关于下达2024年衔接推进乡村振兴补助资金的通知';

describe('Excel import of fund documents', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const upload = (who: string, file: Buffer, query = '', name = 'funds.xlsx') =>
    t.http().post(`/api/v1/funds/import${query}`).set(as(who)).attach('file', file, name);

  beforeAll(async () => {
    t = await createTestApp();
    tokens.county = await t.tokenFor('finance', COUNTY);
    tokens.province = await t.tokenFor('finance', PROVINCE);
    tokens.village = await t.tokenFor('village', VILLAGE);
  });
  afterAll(() => t.close());

  it('imports every row of a good file as funds visible through GET /funds, amounts exact', async () => {
    const file = await xlsx(FUND_HEADER, [
      ['郾财〔2024〕1号', TITLE, '中央', 1409.5, new Date(Date.UTC(2024, 2, 15)), '产业发展', COUNTY],
      ['郾财〔2024〕2号', TITLE, '省', '1,250,000.00', '2024/4/1', null, null],
      [
        '郾财〔2024〕3号',
        TITLE,
        'municipal',
        { formula: '0.1+0.2', result: 0.1 + 0.2 },
        '2024年5月6日',
        '基础设施',
        COUNTY,
      ],
      [null, null, null, null, null, null, null],
      ['郾财〔2024〕4号', TITLE, '东西部协作', 88, 45366, null, COUNTY],
    ]);
    const res = await upload('county', file).expect(201);
    expect(res.body.count).toBe(4);
    expect(res.body.ids).toHaveLength(4);

    const listed = await t.http().get(`/api/v1/funds?regionCode=${COUNTY}`).set(as('county')).expect(200);
    const byDoc = Object.fromEntries(listed.body.items.map((f: Record<string, string>) => [f.docNo, f]));
    expect(byDoc['郾财〔2024〕1号']).toMatchObject({
      amount: '1409.50',
      available: '1409.50',
      sourceLevel: 'central',
      issuedOn: '2024-03-15',
      purpose: '产业发展',
      regionCode: COUNTY,
    });
    expect(byDoc['郾财〔2024〕2号']).toMatchObject({
      amount: '1250000.00',
      sourceLevel: 'provincial',
      issuedOn: '2024-04-01',
      purpose: null,
    });
    expect(byDoc['郾财〔2024〕3号']).toMatchObject({
      amount: '0.30',
      sourceLevel: 'municipal',
      issuedOn: '2024-05-06',
    });
    expect(byDoc['郾财〔2024〕4号']).toMatchObject({
      amount: '88.00',
      sourceLevel: 'east_west',
      issuedOn: '2024-03-15',
    });
    // The static route does not shadow GET /funds/:id, nor the other way round.
    const one = await t.http().get(`/api/v1/funds/${res.body.ids[0]}`).set(as('county')).expect(200);
    expect(one.body.docNo).toBe('郾财〔2024〕1号');
  });

  it('accepts English column names and fills the region from ?regionCode=', async () => {
    const file = await xlsx(
      ['docNo', 'title', 'sourceLevel', 'amount', 'receivedOn'],
      [['EN-1', TITLE, 'social', '10.1', '2024-06-01']],
    );
    const res = await upload('province', file, `?regionCode=${COUNTY}`).expect(201);
    const fund = await t.http().get(`/api/v1/funds/${res.body.ids[0]}`).set(as('province')).expect(200);
    expect(fund.body).toMatchObject({ regionCode: COUNTY, book: COUNTY, amount: '10.10', sourceLevel: 'social' });
  });

  it('refuses the whole file when 3 rows are bad, listing exactly those rows, and writes nothing', async () => {
    const before = await tableCounts(t.db);
    const file = await xlsx(FUND_HEADER, [
      ['BAD-1', TITLE, '中央', 100, '2024-01-01', null, COUNTY],
      ['BAD-2', TITLE, '中央', 12.345, '2024-01-01', null, COUNTY],
      ['BAD-3', TITLE, '中央', 100, '2024-01-01', null, COUNTY],
      ['BAD-4', TITLE, '国际', 100, '2099-01-01', null, COUNTY],
      ['BAD-5', TITLE, '县', 100, '2024-01-01', null, OTHER_COUNTY],
      ['BAD-6', TITLE, '县', '200.00', '2024-01-02', null, COUNTY],
    ]);
    const res = await upload('county', file).expect(422);
    expect(res.body.code).toBe('IMPORT_REJECTED');
    expect(res.body.details).toMatchObject({ totalRows: 6, badRows: 3 });
    expect(res.body.details.problems).toEqual([
      { row: 3, column: '金额(元)', value: '12.345', reason: 'has more than 2 decimals (金额最多两位小数)' },
      {
        row: 5,
        column: '来源级次',
        value: '国际',
        reason: expect.stringContaining('中央/省/市/县/东西部协作/社会帮扶'),
      },
      { row: 5, column: '日期', value: '2099-01-01', reason: expect.stringContaining('not in the future') },
      { row: 6, column: '区划代码', value: OTHER_COUNTY, reason: `is outside your region ${COUNTY} (超出管辖范围)` },
    ]);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('reports 文号 repeated in the file or already recorded in the book', async () => {
    const before = await tableCounts(t.db);
    const file = await xlsx(FUND_HEADER, [
      ['DUP-1', TITLE, '中央', 100, '2024-01-01', null, COUNTY],
      ['DUP-1', TITLE, '中央', 100, '2024-01-01', null, COUNTY],
      ['郾财〔2024〕1号', TITLE, '中央', 100, '2024-01-01', null, COUNTY],
      ['DUP-2', TITLE, '中央', 100, '2024-01-01', null, TOWNSHIP],
    ]);
    const res = await upload('county', file).expect(422);
    expect(res.body.details.problems).toEqual([
      { row: 3, column: '文号', value: 'DUP-1', reason: 'appears twice in the file, first in row 2 (文件内文号重复)' },
      {
        row: 4,
        column: '文号',
        value: '郾财〔2024〕1号',
        reason: `is already recorded in book ${COUNTY} (该文号已登记)`,
      },
      {
        row: 5,
        column: '区划代码',
        value: TOWNSHIP,
        reason: 'funds are kept by provinces, cities and counties, not by a township (资金只能记入省市县账套)',
      },
    ]);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it.each([
    ['random bytes', () => Promise.resolve(randomBytes(4096)), /not an \.xlsx/],
    [
      'a .csv renamed to .xlsx',
      () => Promise.resolve(Buffer.from('文号,标题,来源级次,金额(元),日期\nX,Y,中央,1,2024-01-01\n')),
      /not an \.xlsx/,
    ],
    ['a damaged zip', async () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(2000)]), /damaged/],
    ['a workbook without sheets', () => emptyWorkbook(false), /no data/],
    ['a workbook with an empty sheet', () => emptyWorkbook(true), /no data/],
    ['a header without data rows', () => xlsx(FUND_HEADER, []), /no data rows/],
    [
      'a missing required column',
      () => xlsx(['文号', '标题', '来源级次', '日期'], [['M-1', TITLE, '中央', '2024-01-01']]),
      /金额\(元\)/,
    ],
    ['a sheet without any known header', () => xlsx(['a', 'b'], [[1, 2]]), /lacks required columns/],
    [
      'a column given twice',
      () =>
        xlsx(['文号', '标题', 'docNo', '来源级次', '金额', '日期'], [['T-1', TITLE, 'T-1', '中央', 1, '2024-01-01']]),
      /"文号" and "docNo" are the same column/,
    ],
  ])('refuses %s with a clear 400 and writes nothing', async (_name, make, message) => {
    const before = await tableCounts(t.db);
    const res = await upload('county', await make()).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toMatch(message);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('names the missing columns and refuses uploads without a file, too large, or by the wrong role', async () => {
    const missing = await upload('county', await xlsx(['文号', '标题'], [['M-1', TITLE]])).expect(400);
    expect(missing.body.details.missingColumns).toEqual(['来源级次', '金额(元)', '日期']);
    const none = await t.http().post('/api/v1/funds/import').set(as('county')).expect(400);
    expect(none.body.message).toMatch(/No file/);
    const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(11 * 1024 * 1024)]);
    const tooLarge = await upload('county', big).expect(413);
    expect(tooLarge.body.code).toBe('PAYLOAD_TOO_LARGE');
    const good = await xlsx(FUND_HEADER, [['R-1', TITLE, '中央', 1, '2024-01-01', null, COUNTY]]);
    expect((await upload('village', good).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await upload('county', good, `?regionCode=${OTHER_COUNTY}`).expect(403)).body.code).toBe('OUT_OF_SCOPE');
    // An Idempotency-Key would be fingerprinted before the upload is parsed: refused, never replayed.
    for (const file of [good, await xlsx(FUND_HEADER, [['R-2', TITLE, '中央', 2, '2024-01-01', null, COUNTY]])]) {
      const keyed = await upload('county', file).set('Idempotency-Key', 'import-1').expect(400);
      expect(keyed.body.message).toMatch(/Idempotency-Key/);
    }
    expect((await t.db.query(`SELECT count(*)::int AS n FROM fund WHERE doc_no IN ('R-1', 'R-2')`))[0].n).toBe(0);
  });

  it('imports the same file sent twice at once exactly once', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => [`TWICE-${i}`, TITLE, '县', 10 + i, '2024-02-01', null, COUNTY]);
    const file = await xlsx(FUND_HEADER, rows);
    const count = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM fund WHERE doc_no LIKE 'TWICE-%'`))[0].n;
    const results = await Promise.all([upload('county', file), upload('county', file)]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(201);
    // The loser either found the lock taken (409) or, checking after the winner, every 文号 recorded (422).
    expect([409, 422]).toContain(statuses[1]);
    const loser = results.find((r) => r.status !== 201)!;
    if (loser.status === 422) expect(loser.body.details.badRows).toBe(40);
    else expect(loser.body.code).toBe('CONFLICT');
    expect(await count()).toBe(40);
  });

  it('serves the template, whose example row imports as is', async () => {
    const res = await t
      .http()
      .get('/api/v1/funds/import/template')
      .set(as('county'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = await readXlsx(res.body as Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['资金文件', '填写说明']);
    const [header, example] = rowsOf(wb.worksheets[0]);
    expect(header).toEqual(FUND_HEADER);
    expect(example[0]).toBe('豫财农〔2024〕12号');
    const imported = await upload('county', res.body as Buffer).expect(201);
    const fund = await t.http().get(`/api/v1/funds/${imported.body.ids[0]}`).set(as('county')).expect(200);
    expect(fund.body).toMatchObject({ amount: '1250000.50', sourceLevel: 'central', regionCode: COUNTY });
  });
});
