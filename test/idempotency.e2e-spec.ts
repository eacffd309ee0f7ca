import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { createTestApp, tableCounts, TestApp } from './support/test-app';

describe('Idempotency-Key on POST', () => {
  let t: TestApp;
  let admin: string;
  const region = (code: string, name: string) => ({ code, name, level: 'village', parentCode: '411103101000' });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.tokenFor('admin', '411103000000');
  });
  afterAll(() => t.close());

  it('replays the first response verbatim and does the work once', async () => {
    const send = () =>
      t
        .http()
        .post('/api/v1/regions')
        .set('Authorization', `Bearer ${admin}`)
        .set('Idempotency-Key', 'k-1')
        .send(region('411103101203', '孟庙镇 新村'));
    const first = await send().expect(201);
    const before = await tableCounts(t.db);
    const replay = await send().expect(201);
    expect(replay.text).toBe(first.text);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('keeps only a keyed fingerprint of the request, which the database alone cannot reverse', async () => {
    const body = region('411103101210', 'G');
    await t
      .http()
      .post('/api/v1/regions')
      .set('Authorization', `Bearer ${admin}`)
      .set('Idempotency-Key', 'k-6')
      .send(body)
      .expect(201);
    const [row] = await t.db.query(`SELECT request_hash FROM idempotency_record WHERE key = 'k-6'`);
    const plain = createHash('sha256')
      .update(`POST /api/v1/regions\n${canonicalize(body)}`)
      .digest();
    expect(row.request_hash).toHaveLength(32);
    expect(row.request_hash.equals(plain)).toBe(false);
  });

  it('refuses the same key with a different body with 409 IDEMPOTENCY_KEY_REUSED', async () => {
    await t
      .http()
      .post('/api/v1/regions')
      .set('Authorization', `Bearer ${admin}`)
      .set('Idempotency-Key', 'k-2')
      .send(region('411103101204', 'A'))
      .expect(201);
    const before = await tableCounts(t.db);
    const res = await t
      .http()
      .post('/api/v1/regions')
      .set('Authorization', `Bearer ${admin}`)
      .set('Idempotency-Key', 'k-2')
      .send(region('411103101205', 'B'))
      .expect(409);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('scopes keys per caller', async () => {
    const other = await t.tokenFor('admin', '411103000000');
    await t
      .http()
      .post('/api/v1/regions')
      .set('Authorization', `Bearer ${admin}`)
      .set('Idempotency-Key', 'k-3')
      .send(region('411103101206', 'C'))
      .expect(201);
    const res = await t
      .http()
      .post('/api/v1/regions')
      .set('Authorization', `Bearer ${other}`)
      .set('Idempotency-Key', 'k-3')
      .send(region('411103101207', 'D'));
    expect(res.status).toBe(201);
  });

  it('scopes keys per caller all the way into the journal: two clerks, one key, two fund documents', async () => {
    const clerks = [await t.tokenFor('finance', '411103000000'), await t.tokenFor('finance', '411103000000')];
    const fund = (docNo: string) => ({
      docNo,
      title: '县级衔接推进乡村振兴补助资金',
      sourceLevel: 'county',
      regionCode: '411103000000',
      amount: '1000.00',
      issuedOn: '2024-01-10',
    });
    const post = (token: string, docNo: string) =>
      t
        .http()
        .post('/api/v1/funds')
        .set('Authorization', `Bearer ${token}`)
        .set('Idempotency-Key', 'same-key')
        .send(fund(docNo))
        .expect(201);
    const [a, b] = [await post(clerks[0], '郾财农〔2024〕91号'), await post(clerks[1], '郾财农〔2024〕92号')];
    expect(a.body.id).not.toBe(b.body.id);
    expect(b.body.docNo).toBe('郾财农〔2024〕92号');
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM fund WHERE doc_no IN ('郾财农〔2024〕91号', '郾财农〔2024〕92号')`,
    );
    expect(n).toBe(2);
  });

  it('lets a failed request be retried with the same key', async () => {
    const body = region('411103101208', 'E');
    await t
      .http()
      .post('/api/v1/regions')
      .set('Authorization', `Bearer ${admin}`)
      .set('Idempotency-Key', 'k-4')
      .send({ ...body, level: 'township' })
      .expect(400);
    await t
      .http()
      .post('/api/v1/regions')
      .set('Authorization', `Bearer ${admin}`)
      .set('Idempotency-Key', 'k-4')
      .send(body)
      .expect(201);
  });

  it('resolves racing duplicates to one write', async () => {
    const send = () =>
      t
        .http()
        .post('/api/v1/regions')
        .set('Authorization', `Bearer ${admin}`)
        .set('Idempotency-Key', 'k-5')
        .send(region('411103101209', 'F'));
    const results = await Promise.all(Array.from({ length: 8 }, send));
    const statuses = results.map((r) => r.status);
    // One wins; the others see it in flight (409) or replay it (201). Never a second region.
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM region WHERE code = '411103101209'`);
    expect(n).toBe(1);
  });
});
