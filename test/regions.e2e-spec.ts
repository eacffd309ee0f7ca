import { createTestApp, tableCounts, TestApp } from './support/test-app';

// Built here from the province down, so that the suite does not depend on the demo's codes.
const PROVINCE = '410000000000';
const CITY = '411100000000';
const COUNTY = '411103000000';
const TOWNSHIP = '411103100000';
const VILLAGE = '411103100201';

describe('POST /regions: level and parent follow from the code', () => {
  let t: TestApp;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp({ regions: false });
    auth = { Authorization: `Bearer ${await t.tokenFor('admin', '000000000000')}` };
  });
  afterAll(() => t.close());

  const post = (body: object) => t.http().post('/api/v1/regions').set(auth).send(body);
  const stored = (code: string) =>
    t.db.query(`SELECT name, level, parent_code AS "parentCode" FROM region WHERE code = $1`, [code]);

  it('infers and stores level and parent when they are omitted, at every level', async () => {
    const chain = [
      [PROVINCE, '河南省', 'province', '000000000000'],
      [CITY, '漯河市', 'city', PROVINCE],
      [COUNTY, '郾城区', 'county', CITY],
      [TOWNSHIP, '城关镇', 'township', COUNTY],
      [VILLAGE, '城关镇 东村', 'village', TOWNSHIP],
    ];
    for (const [code, name, level, parentCode] of chain) {
      const res = await post({ code, name }).expect(201);
      expect(res.body).toEqual({ code, name, level, parentCode });
      expect(await stored(code)).toEqual([{ name, level, parentCode }]);
    }
    const read = await t.http().get(`/api/v1/regions/${VILLAGE}`).set(auth).expect(200);
    expect(read.body).toMatchObject({ level: 'village', parentCode: TOWNSHIP });
  });

  it('accepts a level and a parent that agree with the code, given alone or together', async () => {
    await post({ code: '411103100202', name: '西村', level: 'village', parentCode: TOWNSHIP }).expect(201);
    await post({ code: '411103100203', name: '南村', level: 'village' }).expect(201);
    const res = await post({ code: '411103101000', name: '黑龙潭镇', parentCode: COUNTY }).expect(201);
    expect(res.body).toEqual({ code: '411103101000', name: '黑龙潭镇', level: 'township', parentCode: COUNTY });
  });

  it('refuses a level or a parent that disagrees with the code, and changes nothing', async () => {
    const before = await tableCounts(t.db);
    const wrongLevel = await post({ code: '411103100204', name: 'x', level: 'township' }).expect(400);
    expect(wrongLevel.body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      correlationId: expect.any(String),
    });
    expect(wrongLevel.body.message).toContain('village code, not a township');
    const wrongParent = await post({ code: '411103100204', name: 'x', parentCode: COUNTY }).expect(400);
    expect(wrongParent.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(wrongParent.body.message).toContain(`must be ${TOWNSHIP}`);
    await post({ code: '411103100204', name: 'x', level: 'village', parentCode: '411103101000' }).expect(400);
    // The country exists from the first migration and has no parent to infer.
    await post({ code: '000000000000', name: 'x' }).expect(400);
    expect(await tableCounts(t.db)).toEqual(before);
    expect(await stored('411103100204')).toEqual([]);
  });

  it('still wants the parent to exist, and the code to be new', async () => {
    const missing = await post({ code: '411103102001', name: 'x' }).expect(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const dup = await post({ code: VILLAGE, name: 'dup' }).expect(409);
    expect(dup.body.code).toBe('ALREADY_EXISTS');
  });
});
