import { COUNTY, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';

describe('without DATABASE_REPLICA_URLS nothing changes', () => {
  let t: TestApp;
  let d: ProjectDriver;

  beforeAll(async () => {
    delete process.env.DATABASE_REPLICA_URLS;
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
  });
  afterAll(() => t?.close());

  it('answers a write without a WAL position, /health without replicas, and ignores X-Ledger-LSN', async () => {
    const write = await t
      .http()
      .post('/api/v1/funds')
      .set(d.as('finance'))
      .send({
        docNo: '郾财农〔2024〕7号',
        title: '县级衔接推进乡村振兴补助资金',
        sourceLevel: 'county',
        regionCode: COUNTY,
        amount: '1000.00',
        issuedOn: '2024-01-10',
      })
      .expect(201);
    expect(write.headers['x-ledger-lsn']).toBeUndefined();
    expect(write.headers['set-cookie']).toBeUndefined();
    expect((await t.http().get('/health').expect(200)).body).toEqual({ status: 'ok', database: 'ok' });
    await t
      .http()
      .get(`/api/v1/funds/${write.body.id}`)
      .set(d.as('finance'))
      .set('X-Ledger-LSN', 'nonsense')
      .expect(200);
  });
});
