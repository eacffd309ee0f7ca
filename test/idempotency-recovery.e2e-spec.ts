import { Client } from 'pg';
import { UsersService } from '../src/auth/users.service';
import { loadOrCreateSecretFile } from '../src/common/secret-file';
import { requestHash } from '../src/idempotency/idempotency.interceptor';
import { LEASE_CLASS } from '../src/idempotency/instance-lease';
import { createTestApp, TestApp } from './support/test-app';

const COUNTY = '411103000000';
const fund = (docNo: string) => ({
  docNo,
  title: '县级衔接推进乡村振兴补助资金',
  sourceLevel: 'county',
  regionCode: COUNTY,
  amount: '1000.00',
  issuedOn: '2024-01-10',
});
/** No instance holds this lease: the owner of a claim that names it was killed. */
const DEAD_OWNER = 7;

describe('Idempotency-Key: a claim left in flight by a killed instance', () => {
  let t: TestApp;
  let clerk: { id: string; token: string };
  let hashKey: Buffer;

  beforeAll(async () => {
    t = await createTestApp();
    clerk = await t.app.get(UsersService).issue('clerk', 'finance', COUNTY);
    hashKey = Buffer.from(
      process.env.APP_SECRET ?? loadOrCreateSecretFile(process.env.DATA_DIR!, 'app-secret', 32).text.trim(),
    );
  });
  afterAll(() => t.close());

  const post = (key: string, body: object) =>
    t.http().post('/api/v1/funds').set('Authorization', `Bearer ${clerk.token}`).set('Idempotency-Key', key).send(body);
  /** The claim a request made just before its instance died: in flight, owned by `owner`. */
  const plantClaim = (key: string, body: object, owner: number | null) =>
    t.db.query(
      `INSERT INTO idempotency_record (scope, key, request_hash, owner) VALUES ($1, $2, $3, $4)
       ON CONFLICT (scope, key) DO UPDATE SET status_code = NULL, response_body = NULL, owner = $4`,
      [clerk.id, key, requestHash(hashKey, { method: 'POST', url: '/api/v1/funds', body }), owner],
    );
  const funds = async (docNo: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM fund WHERE doc_no = $1`, [docNo]))[0].n as number;

  it('applies the request once when the journal has no entry for the key (killed before it committed)', async () => {
    const body = fund('郾财农〔2024〕301号');
    await plantClaim('crash-1', body, DEAD_OWNER);
    const res = await post('crash-1', body).expect(201);
    expect(res.body.docNo).toBe(body.docNo);
    expect(await funds(body.docNo)).toBe(1);
    const replay = await post('crash-1', body).expect(201);
    expect(replay.text).toBe(res.text);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await funds(body.docNo)).toBe(1);
  });

  it('answers from the journal when the entry committed but the response was never stored', async () => {
    const body = fund('郾财农〔2024〕302号');
    const first = await post('crash-2', body).expect(201);
    // The crash: the entry is committed, the stored response was lost with the process.
    await plantClaim('crash-2', body, DEAD_OWNER);
    const retry = await post('crash-2', body).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(await funds(body.docNo)).toBe(1);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM journal_entry WHERE idempotency_key = $1`, [
      `${clerk.id}|crash-2`,
    ]);
    expect(n).toBe(1);
  });

  it('recovers claims made before owners were recorded', async () => {
    const body = fund('郾财农〔2024〕303号');
    await plantClaim('crash-3', body, null);
    await post('crash-3', body).expect(201);
    expect(await funds(body.docNo)).toBe(1);
  });

  it('still answers 409 while the owner lives, and recovers the moment it dies', async () => {
    const body = fund('郾财农〔2024〕304号');
    const owner = new Client({ connectionString: t.database.url });
    await owner.connect();
    const id = 424242;
    await owner.query(`SELECT pg_advisory_lock($1, $2)`, [LEASE_CLASS, id]);
    await plantClaim('crash-4', body, id);
    const busy = await post('crash-4', body).expect(409);
    expect(busy.body.code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
    expect(await funds(body.docNo)).toBe(0);
    await owner.end();
    // The server frees the lock when it sees the connection closed: a retry or two later it is ours.
    const started = Date.now();
    let status = 409;
    while (status === 409 && Date.now() - started < 5000) status = (await post('crash-4', body)).status;
    expect(status).toBe(201);
    expect(await funds(body.docNo)).toBe(1);
  });

  it('lets one of many racing retries take the claim over: one fund, the rest 409 or a replay', async () => {
    const body = fund('郾财农〔2024〕305号');
    await plantClaim('crash-5', body, DEAD_OWNER);
    const results = await Promise.all(Array.from({ length: 8 }, () => post('crash-5', body)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(await funds(body.docNo)).toBe(1);
  });

  it('refuses a different request under the orphaned key, as for any key', async () => {
    await plantClaim('crash-6', fund('郾财农〔2024〕306号'), DEAD_OWNER);
    const res = await post('crash-6', fund('郾财农〔2024〕307号')).expect(409);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
