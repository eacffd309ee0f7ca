import { createTestApp, tableCounts, TestApp } from './support/test-app';

/**
 * What the HTTP server does before a controller runs, kept the same whichever server runs it:
 * how bodies are read, how routes match, and the correlation id.
 */
describe('HTTP layer: bodies, routing and correlation ids', () => {
  let t: TestApp;
  const auth = { Authorization: 'Bearer test-admin-token-0123456789' };
  const region = { code: '411103100206', name: '城关镇 西关村', level: 'village', parentCode: '411103100000' };

  beforeAll(async () => {
    process.env.ADMIN_TOKEN = auth.Authorization.slice('Bearer '.length);
    t = await createTestApp();
  });
  afterAll(async () => {
    delete process.env.ADMIN_TOKEN;
    await t.close();
  });

  it('reads an empty JSON body, or one of another type, as nothing: the DTO names what is missing (400)', async () => {
    const before = await tableCounts(t.db);
    for (const [type, body] of [
      ['application/json', ''],
      ['text/plain', 'code=411103100206'],
      ['application/octet-stream', 'x'],
    ]) {
      const res = await t.http().post('/api/v1/regions').set(auth).set('Content-Type', type).send(body).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('code') });
    }
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('refuses malformed JSON and a __proto__ key (400), a body over BODY_LIMIT (413 PAYLOAD_TOO_LARGE)', async () => {
    for (const body of ['{"code": ', '{"__proto__": {"admin": true}}']) {
      const res = await t
        .http()
        .post('/api/v1/regions')
        .set(auth)
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('Malformed JSON') });
    }
    const big = await t
      .http()
      .post('/api/v1/regions')
      .set(auth)
      .send({ ...region, name: 'x'.repeat(1_100_000) })
      .expect(413);
    expect(big.body).toMatchObject({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      correlationId: big.headers['x-correlation-id'],
    });
  });

  it('matches routes as Express did: a trailing slash and the case of the path do not matter', async () => {
    await t.http().post('/api/v1/regions/').set(auth).send(region).expect(201);
    const res = await t.http().get('/API/v1/Regions/411103100206').set(auth).expect(200);
    expect(res.body).toMatchObject({ code: region.code, name: region.name });
  });

  it('answers an unknown route with the API error body and a fresh correlation id', async () => {
    const res = await t.http().get('/api/v1/no-such-thing').expect(404);
    expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: expect.any(String),
      correlationId: res.headers['x-correlation-id'],
    });
  });

  it('echoes an acceptable correlation id on a streamed download, and replaces an unacceptable one', async () => {
    const xlsx = await t
      .http()
      .get('/api/v1/exports/funds.xlsx')
      .set(auth)
      .set('X-Correlation-Id', 'county-desk-0007')
      .expect(200);
    expect(xlsx.headers['x-correlation-id']).toBe('county-desk-0007');
    const bad = await t.http().get('/health').set('X-Correlation-Id', 'no spaces allowed').expect(200);
    expect(bad.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
