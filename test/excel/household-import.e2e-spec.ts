import { createTestApp, tableCounts, TestApp } from '../support/test-app';
import { COUNTY, OTHER_VILLAGE, TOWNSHIP, VILLAGE } from '../support/project-fixtures';
import { binary, HOUSEHOLD_HEADER, readXlsx, rowsOf, xlsx } from './xlsx-fixtures';

// Valid ID numbers (check characters worked out in src/households/id-number.spec.ts).
const ID = {
  a: '411103198503150018',
  b: '411103199001011231',
  c: '411103200002290047',
  d: '411103198807075563',
  e: '41110319870620002X',
  f: '440304199912310621',
};
const TEXT_ID_COLUMN = { textColumns: [2] };
/** 孟庙村, in another township. */
const FAR_VILLAGE = '411103101201';

describe('Excel import of household lists', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const upload = (who: string, file: Buffer, query = '') =>
    t.http().post(`/api/v1/households/import${query}`).set(as(who)).attach('file', file, 'households.xlsx');

  beforeAll(async () => {
    t = await createTestApp();
    tokens.village = await t.tokenFor('village', VILLAGE);
    tokens.township = await t.tokenFor('township', TOWNSHIP);
    tokens.finance = await t.tokenFor('finance', COUNTY);
  });
  afterAll(() => t.close());

  it('registers every household of a good list, ID numbers masked in what comes back', async () => {
    const file = await xlsx(
      HOUSEHOLD_HEADER,
      [
        ['王大山', ID.a, VILLAGE, 4, '有劳动能力', '脱贫户', '2024-01-10'],
        ['李小花', ID.b.toLowerCase(), null, '3', '弱劳动能力', '监测户', new Date(Date.UTC(2024, 1, 1))],
        ['赵铁柱', ID.e.replace('X', 'x'), VILLAGE, 1, 'none', 'lifted', '2023/12/31'],
      ],
      TEXT_ID_COLUMN,
    );
    const res = await upload('village', file).expect(201);
    expect(res.body.count).toBe(3);
    const listed = await t.http().get(`/api/v1/households?regionCode=${VILLAGE}`).set(as('village')).expect(200);
    const byName = Object.fromEntries(listed.body.items.map((h: Record<string, unknown>) => [h.headName, h]));
    expect(byName['王大山']).toMatchObject({
      idNumberMasked: '411103********0018',
      members: 4,
      laborCapacity: 'full',
      category: 'lifted',
      since: '2024-01-10',
      regionCode: VILLAGE,
    });
    expect(byName['李小花']).toMatchObject({
      members: 3,
      laborCapacity: 'partial',
      category: 'monitored',
      since: '2024-02-01',
    });
    expect(byName['赵铁柱']).toMatchObject({ idNumberMasked: '411103********002X', laborCapacity: 'none' });
    expect(JSON.stringify(listed.body)).not.toContain(ID.a);
  });

  it('refuses a list with an ID twice and one already registered, masked in the report, writing nothing', async () => {
    const registered = await t
      .http()
      .post('/api/v1/households')
      .set(as('township'))
      .send({
        headName: '已登记',
        idNumber: ID.f,
        regionCode: OTHER_VILLAGE,
        members: 2,
        laborCapacity: 'full',
        category: 'lifted',
        since: '2024-01-01',
      })
      .expect(201);
    expect(registered.body.idNumberMasked).toBe('440304********0621');
    const before = await tableCounts(t.db);
    const file = await xlsx(
      HOUSEHOLD_HEADER,
      [
        ['甲', ID.c, VILLAGE, 2, '有劳动能力', '脱贫户', '2024-01-10'],
        ['乙', ID.d, VILLAGE, 2, '有劳动能力', '脱贫户', '2024-01-10'],
        ['丙', ID.c, VILLAGE, 2, '有劳动能力', '脱贫户', '2024-01-10'],
        ['丁', ID.f, VILLAGE, 2, '有劳动能力', '脱贫户', '2024-01-10'],
        ['戊', '411103198503150012', VILLAGE, 0, '会飞', '脱贫户', '2024-01-10'],
        ['己', 411103198503150000, OTHER_VILLAGE, 2, '有劳动能力', '脱贫户', '2024-01-10'],
      ],
      TEXT_ID_COLUMN,
    );
    const res = await upload('village', file).expect(422);
    expect(res.body.code).toBe('IMPORT_REJECTED');
    expect(res.body.details).toMatchObject({ totalRows: 6, badRows: 4 });
    expect(res.body.details.problems).toEqual([
      {
        row: 4,
        column: '身份证号',
        value: '411103********0047',
        reason: 'DUPLICATE_HOUSEHOLD: the same ID number as row 2 (文件内身份证号码重复)',
      },
      {
        row: 5,
        column: '身份证号',
        value: '440304********0621',
        reason: 'DUPLICATE_HOUSEHOLD: a household with this ID number is already registered (该身份证号码已登记)',
      },
      {
        row: 6,
        column: '劳动能力',
        value: '会飞',
        reason: expect.stringContaining('有劳动能力/弱劳动能力/无劳动能力'),
      },
      { row: 6, column: '身份证号', value: '411103********0012', reason: expect.stringContaining('check character') },
      { row: 6, column: '家庭人口', value: '0', reason: expect.stringContaining('members') },
      {
        row: 7,
        column: '身份证号',
        value: expect.stringMatching(/^\d{6}\*{8}\d{4}$/),
        reason: expect.stringContaining('as text'),
      },
    ]);
    const text = JSON.stringify(res.body);
    for (const id of [ID.c, ID.d, ID.f, '411103198503150012']) expect(text).not.toContain(id);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('keeps to the caller scope and to villages', async () => {
    const before = await tableCounts(t.db);
    const file = await xlsx(
      HOUSEHOLD_HEADER,
      [
        ['庚', ID.d, FAR_VILLAGE, 2, '有劳动能力', '脱贫户', '2024-01-10'],
        ['辛', ID.c, TOWNSHIP, 2, '有劳动能力', '脱贫户', '2024-01-10'],
      ],
      TEXT_ID_COLUMN,
    );
    const res = await upload('township', file).expect(422);
    expect(res.body.details.problems).toEqual([
      { row: 2, column: '区划代码', value: FAR_VILLAGE, reason: 'is outside your region 411103100000 (超出管辖范围)' },
      {
        row: 3,
        column: '区划代码',
        value: TOWNSHIP,
        reason: 'households belong to villages, not to a township (农户须登记在村)',
      },
    ]);
    await upload('finance', file).expect(403);
    await upload('village', file, `?regionCode=${OTHER_VILLAGE}`).expect(403);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('serves the template with the ID column formatted as text', async () => {
    const res = await t
      .http()
      .get('/api/v1/households/import/template')
      .set(as('village'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const wb = await readXlsx(res.body as Buffer);
    const [header] = rowsOf(wb.worksheets[0]);
    expect(header).toEqual(HOUSEHOLD_HEADER);
    expect(wb.worksheets[0].getColumn(2).numFmt).toBe('@');
    expect(wb.worksheets[1].name).toBe('填写说明');
  });
});
