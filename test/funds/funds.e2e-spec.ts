import { ReplayService } from '../../src/journal/replay/replay.service';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';

const PROVINCE = '410000000000';
const CITY = '411100000000';
const COUNTY = '411103000000';

describe('funds: documents and allocations down the levels', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const doc = (over: Record<string, unknown> = {}) => ({
    docNo: '财农〔2024〕1号',
    title: '关于下达2024年中央财政衔接推进乡村振兴补助资金预算的通知',
    sourceLevel: 'central',
    regionCode: PROVINCE,
    amount: '1000000.00',
    issuedOn: '2024-01-15',
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp();
    tokens.province = await t.tokenFor('finance', PROVINCE);
    tokens.city = await t.tokenFor('finance', CITY);
    tokens.county = await t.tokenFor('finance', COUNTY);
    tokens.village = await t.tokenFor('village', '411103100201');
    tokens.auditor = await t.tokenFor('auditor', COUNTY);
  });
  afterAll(() => t.close());

  it('follows the money from a central document down to the county, consistent at every step', async () => {
    const fund = await t.http().post('/api/v1/funds').set(as('province')).send(doc()).expect(201);
    expect(fund.body).toMatchObject({
      book: PROVINCE,
      amount: '1000000.00',
      available: '1000000.00',
      allocatedDown: '0.00',
      sourceLevel: 'central',
      parentFundId: null,
    });

    const city = await t
      .http()
      .post(`/api/v1/funds/${fund.body.id}/allocations`)
      .set(as('province'))
      .send({ toRegionCode: CITY, amount: '300000.00', docNo: '豫财农〔2024〕3号', issuedOn: '2024-02-01' })
      .expect(201);
    expect(city.body).toMatchObject({
      book: CITY,
      regionCode: CITY,
      parentFundId: fund.body.id,
      amount: '300000.00',
      available: '300000.00',
      sourceLevel: 'central',
    });

    const county = await t
      .http()
      .post(`/api/v1/funds/${city.body.id}/allocations`)
      .set(as('city'))
      .send({ toRegionCode: COUNTY, amount: '200000.01', docNo: '漯财农〔2024〕7号', issuedOn: '2024-02-20' })
      .expect(201);
    expect(county.body).toMatchObject({ book: COUNTY, parentFundId: city.body.id, available: '200000.01' });

    const parent = await t.http().get(`/api/v1/funds/${fund.body.id}`).set(as('province')).expect(200);
    expect(parent.body).toMatchObject({
      amount: '1000000.00',
      allocatedDown: '300000.00',
      available: '700000.00',
      committed: '0.00',
      disbursed: '0.00',
    });
    const cityNow = await t.http().get(`/api/v1/funds/${city.body.id}`).set(as('city')).expect(200);
    expect(cityNow.body).toMatchObject({ allocatedDown: '200000.01', available: '99999.99' });

    const listed = await t.http().get(`/api/v1/funds?regionCode=${CITY}&year=2024`).set(as('city')).expect(200);
    expect(listed.body.items.map((f: { id: string }) => f.id).sort()).toEqual([city.body.id, county.body.id].sort());
    await t.http().get(`/api/v1/funds?cursor=not-a-fund`).set(as('city')).expect(400);
    const auditorView = await t.http().get(`/api/v1/funds?regionCode=${COUNTY}`).set(as('auditor')).expect(200);
    expect(auditorView.body.items).toHaveLength(1);

    expect((await t.app.get(ReplayService).check()).ok).toBe(true);
  });

  it('never allocates more than is available, even with concurrent requests', async () => {
    const fund = await t
      .http()
      .post('/api/v1/funds')
      .set(as('province'))
      .send(doc({ docNo: '财农〔2024〕2号', amount: '1000.00' }))
      .expect(201);
    const before = await tableCounts(t.db);
    const over = await t
      .http()
      .post(`/api/v1/funds/${fund.body.id}/allocations`)
      .set(as('province'))
      .send({ toRegionCode: CITY, amount: '1000.01', docNo: 'X-1', issuedOn: '2024-02-01' })
      .expect(422);
    expect(over.body).toMatchObject({ code: 'INSUFFICIENT_FUNDS', details: { shortBy: '0.01' } });
    expect(await tableCounts(t.db)).toEqual(before);

    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t
          .http()
          .post(`/api/v1/funds/${fund.body.id}/allocations`)
          .set(as('province'))
          .send({ toRegionCode: COUNTY, amount: '100.00', docNo: `并发-${i}`, issuedOn: '2024-02-01' }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    expect(results.filter((r) => r.status === 422).every((r) => r.body.code === 'INSUFFICIENT_FUNDS')).toBe(true);
    const after = await t.http().get(`/api/v1/funds/${fund.body.id}`).set(as('province')).expect(200);
    expect(after.body).toMatchObject({ available: '0.00', allocatedDown: '1000.00' });
  });

  describe('bad input: a coded error, and nothing written', () => {
    let fundId: string;
    beforeAll(async () => {
      fundId = (
        await t
          .http()
          .post('/api/v1/funds')
          .set(as('province'))
          .send(doc({ docNo: '财农〔2024〕9号' }))
          .expect(201)
      ).body.id;
    });

    const cases: Array<[string, string, () => [string, Record<string, unknown>], number, string]> = [
      [
        'amount as a JSON number',
        'province',
        () => ['/api/v1/funds', doc({ docNo: 'N-1', amount: 1000 })],
        400,
        'VALIDATION_FAILED',
      ],
      [
        'amount with 3 decimals',
        'province',
        () => ['/api/v1/funds', doc({ docNo: 'N-2', amount: '10.001' })],
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown field',
        'province',
        () => ['/api/v1/funds', doc({ docNo: 'N-3', approvedBy: 'x' })],
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a future date',
        'province',
        () => ['/api/v1/funds', doc({ docNo: 'N-4', issuedOn: '2999-01-01' })],
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown source level',
        'province',
        () => ['/api/v1/funds', doc({ docNo: 'N-5', sourceLevel: 'lottery' })],
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a duplicate document number',
        'province',
        () => ['/api/v1/funds', doc({ docNo: '财农〔2024〕9号' })],
        409,
        'ALREADY_EXISTS',
      ],
      [
        'a fund for a township',
        'county',
        () => ['/api/v1/funds', doc({ docNo: 'N-6', regionCode: '411103100000' })],
        400,
        'VALIDATION_FAILED',
      ],
      ["another region's books", 'county', () => ['/api/v1/funds', doc({ docNo: 'N-7' })], 403, 'OUT_OF_SCOPE'],
      [
        'a village recording a fund',
        'village',
        () => ['/api/v1/funds', doc({ docNo: 'N-8', regionCode: COUNTY })],
        403,
        'FORBIDDEN',
      ],
      [
        'an auditor recording a fund',
        'auditor',
        () => ['/api/v1/funds', doc({ docNo: 'N-9', regionCode: COUNTY })],
        403,
        'FORBIDDEN',
      ],
      [
        'allocating upwards',
        'province',
        () => [
          `/api/v1/funds/${fundId}/allocations`,
          { toRegionCode: PROVINCE, amount: '1.00', docNo: 'A-1', issuedOn: '2024-02-01' },
        ],
        400,
        'VALIDATION_FAILED',
      ],
      [
        'allocating to a township',
        'province',
        () => [
          `/api/v1/funds/${fundId}/allocations`,
          { toRegionCode: '411103100000', amount: '1.00', docNo: 'A-2', issuedOn: '2024-02-01' },
        ],
        400,
        'VALIDATION_FAILED',
      ],
      [
        'allocating before the document',
        'province',
        () => [
          `/api/v1/funds/${fundId}/allocations`,
          { toRegionCode: CITY, amount: '1.00', docNo: 'A-3', issuedOn: '2024-01-14' },
        ],
        422,
        'DATE_ORDER',
      ],
      [
        "allocating another region's fund",
        'city',
        () => [
          `/api/v1/funds/${fundId}/allocations`,
          { toRegionCode: COUNTY, amount: '1.00', docNo: 'A-4', issuedOn: '2024-02-01' },
        ],
        403,
        'OUT_OF_SCOPE',
      ],
      [
        'allocating a fund that does not exist',
        'province',
        () => [
          '/api/v1/funds/3f2b0c7e-0000-4000-8000-000000000000/allocations',
          { toRegionCode: CITY, amount: '1.00', docNo: 'A-5', issuedOn: '2024-02-01' },
        ],
        404,
        'NOT_FOUND',
      ],
    ];

    it.each(cases)('%s', async (_name, who, request, status, code) => {
      const before = await tableCounts(t.db);
      const [url, body] = request();
      const res = await t.http().post(url).set(as(who)).send(body).expect(status);
      expect(res.body.code).toBe(code);
      expect(await tableCounts(t.db)).toEqual(before);
    });
  });

  it('replays an idempotent POST with the same body and records the fund once', async () => {
    const send = () =>
      t
        .http()
        .post('/api/v1/funds')
        .set(as('county'))
        .set('Idempotency-Key', 'doc-42')
        .send(doc({ docNo: '郾财农〔2024〕42号', regionCode: COUNTY, sourceLevel: 'county', amount: '5000.50' }));
    const first = await send().expect(201);
    const again = await send().expect(201);
    expect(again.body).toEqual(first.body);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM fund WHERE doc_no = '郾财农〔2024〕42号'`);
    expect(n).toBe(1);
  });
});
