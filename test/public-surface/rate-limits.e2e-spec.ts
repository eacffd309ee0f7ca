import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import request, { type Response } from 'supertest';
import { AppModule } from '../../src/app.module';
import { APP_OPTIONS, configureApp, createHttpAdapter } from '../../src/app.setup';
import { PgThrottlerStorage } from '../../src/common/rate-limit/pg-throttler-storage';
import { COUNTY } from '../support/project-fixtures';
import { createTestApp, tableCounts, type TestApp } from '../support/test-app';

// Small limits, so that they bite within a test; read when the app is created.
process.env.RATE_LIMIT_PUBLIC = '4/60';
process.env.RATE_LIMIT_OBJECTIONS = '2/60';
process.env.RATE_LIMIT_SIGN_IN = '3/60';

/** Each test its own client addresses (the app trusts X-Forwarded-For from loopback, as behind a proxy). */
let clients = 0;
const nextClient = () => `198.51.100.${++clients}`;

function expectTooMany(res: Response): void {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({
    statusCode: 429,
    code: 'TOO_MANY_REQUESTS',
    message: expect.stringMatching(/^Too many requests .* \/ 请求过于频繁/),
    details: { retryAfterSeconds: expect.any(Number) },
    correlationId: expect.any(String),
  });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBe(res.body.details.retryAfterSeconds);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

/** A second instance of the service on the same database, as a second process behind the proxy would be. */
async function secondInstance(t: TestApp): Promise<NestExpressApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ databaseUrl: t.database.url })],
  }).compile();
  const app = configureApp(
    moduleRef.createNestApplication<NestExpressApplication>(createHttpAdapter(), { ...APP_OPTIONS, logger: false }),
  );
  return app.init();
}

describe('public surface: rate limits held in PostgreSQL', () => {
  let t: TestApp;
  let other: NestExpressApplication;

  beforeAll(async () => {
    t = await createTestApp();
    other = await secondInstance(t);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('public reads: the limit counts over every public route of a client, others and /health unaffected', async () => {
    const client = nextClient();
    const get = (path: string, who = client) => t.http().get(path).set('X-Forwarded-For', who);
    const statuses = [
      (await get('/api/v1/notices')).status,
      (await get('/api/v1/ledger/public-key')).status,
      (await get('/public')).status,
      (await get(`/api/v1/notices/${randomUUID()}`)).status,
    ];
    expect(statuses).toEqual([200, 200, 200, 404]);
    expectTooMany(await get('/api/v1/notices'));
    expectTooMany(await get('/api/v1/open-data/ocds/releases'));
    expect((await get('/api/v1/notices', nextClient())).status).toBe(200);
    for (let i = 0; i < 6; i++) expect((await get('/health')).status).toBe(200);
  });

  it('holds across instances: hits on two instances sharing a database add up', async () => {
    const client = nextClient();
    const on = (app: 'a' | 'b') =>
      (app === 'a' ? t.http() : request(other.getHttpServer())).get('/api/v1/notices').set('X-Forwarded-For', client);
    expect([(await on('a')).status, (await on('b')).status, (await on('a')).status, (await on('b')).status]).toEqual([
      200, 200, 200, 200,
    ]);
    expectTooMany(await on('b'));
    expectTooMany(await on('a'));
  });

  it('objections: refused before the body is read or the notice looked up, and nothing else is written', async () => {
    const client = nextClient();
    const file = (body: string) =>
      t
        .http()
        .post(`/api/v1/notices/${randomUUID()}/objections`)
        .set('X-Forwarded-For', client)
        .set('Content-Type', 'application/json')
        .send(body);
    const valid = JSON.stringify({ summary: '资金去向不明', receivedOn: '2024-02-03' });
    expect((await file(valid)).status).toBe(404);
    expect((await file(valid)).status).toBe(404);
    const before = await tableCounts(t.db);
    // Malformed JSON would be a 400: the limiter answers first.
    expectTooMany(await file('{'));
    expectTooMany(await file(valid));
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('failed token checks: limited per client, then even its good token waits; others unaffected', async () => {
    const good = await t.tokenFor('finance', COUNTY);
    const client = nextClient();
    const me = (token: string | undefined, who = client) =>
      t
        .http()
        .get('/api/v1/users/me')
        .set('X-Forwarded-For', who)
        .set(token ? { Authorization: `Bearer ${token}` } : {});
    // No token at all is not a guess: never counted.
    for (let i = 0; i < 5; i++) expect((await me(undefined)).status).toBe(401);
    const guesses = [];
    for (let i = 0; i < 3; i++) guesses.push((await me(`sl_guess-${i}`)).status);
    expect(guesses).toEqual([401, 401, 401]);
    expectTooMany(await me('sl_guess-3'));
    expectTooMany(await me(good));
    expect((await me(good, nextClient())).status).toBe(200);
    expect((await me('sl_guess-4', nextClient())).status).toBe(401);
  });

  it('the storage: one atomic upsert per hit (concurrent hits count exactly), a new window starts afresh', async () => {
    const storage = new PgThrottlerStorage(t.db);
    const key = `test:${randomUUID()}`;
    const records = await Promise.all(Array.from({ length: 40 }, () => storage.increment(key, 60_000, 30)));
    expect(records.map((r) => r.totalHits).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(records.filter((r) => r.isBlocked)).toHaveLength(10);
    expect(records.every((r) => r.timeToExpire >= 1 && r.timeToExpire <= 60)).toBe(true);
    expect(await storage.peek(key, 60_000)).toEqual({ hits: 40, secondsLeft: expect.any(Number) });

    // Windows of 1 s: the count restarts when the next one begins.
    const short = `test:${randomUUID()}`;
    await storage.increment(short, 1000, 1);
    const blocked = await storage.increment(short, 1000, 1);
    if (blocked.totalHits === 2) expect(blocked.isBlocked).toBe(true);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await storage.increment(short, 1000, 1)).toMatchObject({ totalHits: 1, isBlocked: false });
  });
});
