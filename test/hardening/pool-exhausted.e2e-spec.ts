import type { QueryRunner } from 'typeorm';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';

/**
 * Every connection of the pool held (a stalled database, a burst far above capacity): a request that cannot get
 * one within the pool's wait answers 503 SERVICE_BUSY with Retry-After, not 500, and writes nothing.
 */
describe('a pool with no free connection', () => {
  let t: TestApp;
  let token: string;
  const held: QueryRunner[] = [];

  beforeAll(async () => {
    process.env.DB_POOL_SIZE = '2';
    try {
      t = await createTestApp();
    } finally {
      delete process.env.DB_POOL_SIZE;
    }
    token = await t.tokenFor('finance', '411100000000');
  });
  afterAll(async () => {
    for (const runner of held) await runner.release();
    await t?.close();
  });

  it('answers 503 SERVICE_BUSY with Retry-After while every connection is taken, and works again after', async () => {
    const fund = {
      docNo: '豫财农〔2026〕1号',
      title: '衔接资金',
      sourceLevel: 'central',
      regionCode: '411100000000',
      amount: '100.00',
      issuedOn: '2026-01-10',
    };
    // The token is looked up once while connections are free, so the refusal below is the write's own.
    await t.http().get('/api/v1/funds?regionCode=411100000000').set('Authorization', `Bearer ${token}`).expect(200);
    const before = await tableCounts(t.db);
    for (let i = 0; i < 2; i++) {
      const runner = t.db.createQueryRunner();
      await runner.connect();
      held.push(runner);
    }
    const res = await t.http().post('/api/v1/funds').set('Authorization', `Bearer ${token}`).send(fund);
    expect([res.status, res.body.code, res.headers['retry-after']]).toEqual([503, 'SERVICE_BUSY', '1']);
    expect(res.body.message).toMatch(/服务繁忙/);
    for (const runner of held.splice(0)) await runner.release();
    expect(await tableCounts(t.db)).toEqual(before);
    await t.http().post('/api/v1/funds').set('Authorization', `Bearer ${token}`).send(fund).expect(201);
  });
});
