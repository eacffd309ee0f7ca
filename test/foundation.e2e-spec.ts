import { createTestApp, tableCounts, TestApp } from './support/test-app';

const COUNTY = '411103000000';
const VILLAGE_A = '411103100201';
const VILLAGE_B = '411103100202';

describe('foundation: health, docs, errors, auth and scopes', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    process.env.ADMIN_TOKEN = 'test-admin-token-0123456789';
    t = await createTestApp();
    admin = process.env.ADMIN_TOKEN;
  });
  afterAll(async () => {
    delete process.env.ADMIN_TOKEN;
    await t.close();
  });

  it('answers /health with the database state and a correlation id', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok' });
    expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('opens its connections with JIT off (LLVM compiled audit reads for longer than they ran)', async () => {
    const runs = await Promise.all([t.db.query('SHOW jit'), t.db.transaction((em) => em.query('SHOW jit'))]);
    expect(runs.map(([row]) => row.jit)).toEqual(['off', 'off']);
  });

  it('keeps a correlation id the caller sent, in the header and in the error body', async () => {
    const res = await t.http().get('/api/v1/regions').set('X-Correlation-Id', 'village-terminal-42').expect(401);
    expect(res.headers['x-correlation-id']).toBe('village-terminal-42');
    expect(res.body).toEqual({
      statusCode: 401,
      code: 'UNAUTHENTICATED',
      message: expect.any(String),
      correlationId: 'village-terminal-42',
    });
  });

  it('serves an OpenAPI document listing the region and user routes', async () => {
    const res = await t.http().get('/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/regions', '/api/v1/regions/{code}', '/api/v1/users', '/health']),
    );
  });

  it('rejects a missing or unknown token with 401', async () => {
    await t.http().get('/api/v1/regions').expect(401);
    const res = await t.http().get('/api/v1/users/me').set('Authorization', 'Bearer sl_not-a-real-token').expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('makes ADMIN_TOKEN a country-wide admin', async () => {
    const res = await t.http().get('/api/v1/users/me').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(res.body).toMatchObject({ role: 'admin', regionCode: '000000000000' });
  });

  it('rejects unknown fields with 400 VALIDATION_FAILED, naming the field', async () => {
    const res = await t
      .http()
      .post('/api/v1/regions')
      .set('Authorization', `Bearer ${admin}`)
      .send({ code: '411103100204', name: '新村', level: 'village', parentCode: '411103100000', isAdmin: true })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body.details)).toContain('isAdmin');
  });

  it('rejects malformed JSON with 400', async () => {
    const res = await t
      .http()
      .post('/api/v1/regions')
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'application/json')
      .send('{"code": ')
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it("gives a village token 403 on another village's region, and its own region", async () => {
    const villageA = await t.tokenFor('village', VILLAGE_A);
    await t.http().get(`/api/v1/regions/${VILLAGE_A}`).set('Authorization', `Bearer ${villageA}`).expect(200);
    const res = await t
      .http()
      .get(`/api/v1/regions/${VILLAGE_B}`)
      .set('Authorization', `Bearer ${villageA}`)
      .expect(403);
    expect(res.body.code).toBe('OUT_OF_SCOPE');
    await t
      .http()
      .get(`/api/v1/regions?parentCode=411103100000`)
      .set('Authorization', `Bearer ${villageA}`)
      .expect(403);
  });

  it('lets a county admin manage its county only', async () => {
    const countyAdmin = await t.tokenFor('admin', COUNTY);
    await t
      .http()
      .post('/api/v1/regions')
      .set('Authorization', `Bearer ${countyAdmin}`)
      .send({ code: '411103100205', name: '城关镇 新建村', level: 'village', parentCode: '411103100000' })
      .expect(201);
    const res = await t
      .http()
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${countyAdmin}`)
      .send({ name: 'x', role: 'finance', regionCode: '411100000000' })
      .expect(403);
    expect(res.body.code).toBe('OUT_OF_SCOPE');
  });

  it('only lets the roles a route names act on it', async () => {
    const finance = await t.tokenFor('finance', COUNTY);
    const res = await t
      .http()
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${finance}`)
      .send({ name: 'x', role: 'finance', regionCode: COUNTY })
      .expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('gives an auditor 403 on every private POST route and lets it read', async () => {
    const auditor = await t.tokenFor('auditor', '000000000000');
    const docs = (await t.http().get('/docs-json')).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const privatePosts = Object.entries(docs.paths).filter(([, ops]) => ops.post?.security?.length);
    expect(privatePosts.length).toBeGreaterThanOrEqual(2);
    for (const [path] of privatePosts) {
      const url = path.replace(/\{[^}]+\}/g, '1');
      const res = await t.http().post(url).set('Authorization', `Bearer ${auditor}`).send({});
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
    }
    await t.http().get(`/api/v1/regions/${VILLAGE_B}`).set('Authorization', `Bearer ${auditor}`).expect(200);
  });

  it('creates a user whose token works once shown, and lists children with a cursor', async () => {
    const created = await t
      .http()
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ name: '郾城区财政局 张三', role: 'finance', regionCode: COUNTY })
      .expect(201);
    expect(created.body.token).toMatch(/^sl_[A-Za-z0-9_-]{43}$/);
    const me = await t.http().get('/api/v1/users/me').set('Authorization', `Bearer ${created.body.token}`).expect(200);
    expect(me.body).toMatchObject({ name: '郾城区财政局 张三', role: 'finance', regionCode: COUNTY });

    const first = await t
      .http()
      .get(`/api/v1/regions?parentCode=${COUNTY}&limit=2`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(first.body.items.map((r: { code: string }) => r.code)).toEqual(['411103100000', '411103101000']);
    const second = await t
      .http()
      .get(`/api/v1/regions?parentCode=${COUNTY}&limit=2&cursor=${first.body.nextCursor}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(second.body).toEqual({
      items: [expect.objectContaining({ code: '411103102000' }), expect.objectContaining({ code: '411103103000' })],
      nextCursor: null,
    });
  });

  it('changes nothing when a request fails', async () => {
    const before = await tableCounts(t.db);
    const auth = { Authorization: `Bearer ${admin}` };
    await t
      .http()
      .post('/api/v1/users')
      .set(auth)
      .set('Idempotency-Key', 'fail-1')
      .send({ name: 'x', role: 'finance', regionCode: '419999000000' })
      .expect(404);
    await t
      .http()
      .post('/api/v1/regions')
      .set(auth)
      .send({ code: '411103100206', name: 'x', level: 'township', parentCode: '411103100000' })
      .expect(400);
    await t
      .http()
      .post('/api/v1/regions')
      .set(auth)
      .send({ code: '411103100201', name: 'dup', level: 'village', parentCode: '411103100000' })
      .expect(409);
    expect(await tableCounts(t.db)).toEqual(before);
  });
});
