import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { auditCopyStatus, describeStatus } from '../../src/audit-copy/audit-copy.status';
import { publishCounty, subscribeCopy } from '../../src/audit-copy/audit-copy.setup';
import { EntryTraceService } from '../../src/audit/trace/entry-trace.service';
import { migrate } from '../../src/database/migrate';
import { parseLsn } from '../../src/database/replicas/lsn';
import { ReadRouter } from '../../src/database/replicas/read-router';
import { REPLICA_APPLICATION_NAME } from '../../src/database/replicas/replica';
import { SigningKeyService } from '../../src/journal/checkpoints/signing-key.service';
import { ReplayService } from '../../src/journal/replay/replay.service';
import { verifyBook } from '../../src/journal/verify/chain-verifier';
import { publishApplication } from '../public/public-fixtures';
import { COUNTY, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { ScratchCluster, startScratchCluster, startStandby } from '../support/scratch-cluster';
import { createTestApp, TestApp } from '../support/test-app';

// Starts its own three PostgreSQL servers (primary, streaming replica, logical subscriber): TEST_DATABASE_URL's
// server plays no part, so the external pass skips it.
const suite = process.env.TEST_DATABASE_URL ? describe.skip : describe;

const sql = async <T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> => {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
};

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('read replicas and the audit bureau’s copy, on servers of their own', () => {
  let primary: ScratchCluster;
  let standby: ScratchCluster;
  let copyServer: ScratchCluster;
  let t: TestApp;
  let d: ProjectDriver;
  let tokens: Record<string, string>;
  const env = { ...process.env };

  /** What the service's sessions on the replica last ran. */
  const replicaQueries = async (since: Date) =>
    (
      await sql<{ query: string }>(
        standby.url(),
        `SELECT query FROM pg_stat_activity WHERE application_name = $1 AND query_start >= $2`,
        [REPLICA_APPLICATION_NAME, since],
      )
    ).map((r) => r.query);
  /** The replica's clock now, to tell the queries that follow from earlier ones. */
  const replicaNow = async () => (await sql<{ now: Date }>(standby.url(), `SELECT clock_timestamp() AS now`))[0].now;
  const health = async () => (await t.http().get('/health').expect(200)).body;
  const replayed = async (lsn: string) => parseLsn((await health()).replicas[0].replayLsn)! >= parseLsn(lsn)!;
  /** A fund document recorded in the county's books, through the API (its answer carries X-Ledger-LSN). */
  const fundWrite = (no: string) =>
    t
      .http()
      .post('/api/v1/funds')
      .set(d.as('finance'))
      .send({
        docNo: `郾财农〔2024〕${no}号`,
        title: '县级衔接推进乡村振兴补助资金',
        sourceLevel: 'county',
        regionCode: COUNTY,
        amount: '500000.00',
        issuedOn: '2024-01-10',
      })
      .expect(201);

  beforeAll(async () => {
    [primary, copyServer] = await Promise.all([startScratchCluster({ wal_level: 'logical' }), startScratchCluster()]);
    await sql(primary.url(), 'CREATE DATABASE ledger');
    await sql(copyServer.url(), 'CREATE DATABASE copy');
    await migrate(primary.url('ledger'));
    standby = await startStandby(primary);
    process.env.DATABASE_REPLICA_URLS = standby.url('ledger');
    process.env.REPLICA_MAX_LAG_SECONDS = '1';
    process.env.REPLICA_CHECK_MS = '100';
    const database = { name: 'ledger', url: primary.url('ledger'), drop: async () => undefined };
    t = await createTestApp({ database });
    tokens = await projectTokens(t);
    d = new ProjectDriver(t, tokens);
    // The first probe finds the replica; reads go to the primary until it has.
    await until('the replica to be ok', async () => (await health()).replicas[0].status === 'ok');
  }, 90_000);

  afterAll(async () => {
    process.env = env;
    await t?.close();
    await Promise.all([standby?.destroy(), copyServer?.destroy()]);
    await primary?.destroy();
  });

  it('serves public and audit reads from the replica, writes from the primary; reads see the writes', async () => {
    const write = await fundWrite('88');
    const lsn = write.headers['x-ledger-lsn'];
    expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(write.headers['set-cookie']?.[0]).toContain(`ledger_lsn=${encodeURIComponent(lsn)}`);
    const [{ seq }] = await sql<{ seq: string }>(
      primary.url('ledger'),
      `SELECT max(seq)::text AS seq FROM journal_entry WHERE book = $1`,
      [COUNTY],
    );

    // Right after the write, with its LSN: the replica answers only once it has replayed it, else the primary does.
    const traced = await t
      .http()
      .get(`/api/v1/audit/trace/entries/${COUNTY}/${seq}`)
      .set(d.as('auditor'))
      .set('X-Ledger-LSN', lsn)
      .expect(200);
    expect(traced.body.seq).toBe(Number(seq));
    const bad = await t.http().get('/public').set('X-Ledger-LSN', '12 o clock').expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await until('the replica to have the write', () => replayed(lsn));
    const since = await replicaNow();
    await t
      .http()
      .get(`/api/v1/audit/trace/entries/${COUNTY}/${seq}`)
      .set(d.as('auditor'))
      .set('X-Ledger-LSN', lsn)
      .expect(200);
    const served = (queries: string[]) => queries.some((q) => !/pg_is_in_recovery/.test(q));
    expect(served(await replicaQueries(since))).toBe(true);

    const notice = await publishApplication(d, 'village', { name: '村道硬化' });
    await until('the replica to have the notice', async () => {
      const rows = await sql(standby.url('ledger'), `SELECT 1 FROM notice WHERE id = $1`, [notice.id]);
      return rows.length > 0;
    });
    // A fresh probe: the writes above sent no read through the router to keep its view of the replica current.
    await until('the replica to be ok', async () => (await health()).replicas[0].status === 'ok');
    const before = await replicaNow();
    const page = await t.http().get(`/public/notices/${notice.id}`).expect(200);
    expect(page.text).toContain('村道硬化');
    expect(served(await replicaQueries(before))).toBe(true);
    // Writes cannot have been on the replica: a hot standby refuses them, and the write's answer came from a commit.
    await expect(sql(standby.url('ledger'), `INSERT INTO region VALUES ('x')`)).rejects.toThrow(/read-only/);
  });

  it('sends reads to the primary while replay is paused, and they stay correct', async () => {
    await sql(standby.url(), 'SELECT pg_wal_replay_pause()');
    try {
      await until('replay to pause', async () => {
        const [row] = await sql<{ state: string }>(standby.url(), `SELECT pg_get_wal_replay_pause_state() AS state`);
        return row.state === 'paused';
      });
      // The notice's rule checks (the project exists, in the right state) read on the primary: the replica,
      // paused, has not even the project.
      const notice = await publishApplication(d, 'village', { name: '灌溉水渠' });
      expect(await sql(standby.url('ledger'), `SELECT 1 FROM project WHERE id = $1`, [notice.projectId])).toEqual([]);
      // A later write's LSN covers the notice too.
      const lsn = (await fundWrite('89')).headers['x-ledger-lsn'];
      expect(await replayed(lsn)).toBe(false);
      expect(await sql(standby.url('ledger'), `SELECT 1 FROM notice WHERE id = $1`, [notice.id])).toEqual([]);
      // The writer's own read carries its LSN: the paused replica has not replayed it, so the primary answers.
      const own = await t.http().get(`/public/notices/${notice.id}`).set('X-Ledger-LSN', lsn).expect(200);
      expect(own.text).toContain('灌溉水渠');
      // Anyone's read: once the replica is further behind than REPLICA_MAX_LAG_SECONDS (1 s), the primary answers.
      await until('the replica to count as lagging', async () => (await health()).replicas[0].status === 'lagging');
      const theirs = await t.http().get(`/public/notices/${notice.id}`).expect(200);
      expect(theirs.text).toContain('灌溉水渠');
    } finally {
      await sql(standby.url(), 'SELECT pg_wal_replay_resume()');
    }
    await until('the replica to catch up', async () => (await health()).replicas[0].status === 'ok');
  });

  it('skips a replica that is down, without an error, and reports it on /health', async () => {
    const notice = await publishApplication(d, 'village', { name: '村级光伏电站' });
    await until('the replica to have the notice', async () => {
      const rows = await sql(standby.url('ledger'), `SELECT 1 FROM notice WHERE id = $1`, [notice.id]);
      return rows.length > 0;
    });
    // A second instance that trusts a probe for a minute: it still takes the replica for up when it stops.
    process.env.REPLICA_CHECK_MS = '60000';
    const trusting = await createTestApp({ database: t.database, regions: false });
    process.env.REPLICA_CHECK_MS = '100';
    const router = trusting.app.get(ReadRouter);
    const markDown = jest.spyOn(router, 'markDown');
    try {
      await router.refresh();
      await trusting.http().get(`/public/notices/${notice.id}`).expect(200); // opens the replica's pool
      await standby.stop();
      // Routed to the replica, failed there, answered by the primary: no error reaches the caller.
      const page = await trusting.http().get(`/public/notices/${notice.id}`).expect(200);
      expect(page.text).toContain('村级光伏电站');
      expect(markDown).toHaveBeenCalledTimes(1);
      for (let i = 0; i < 5; i++) await t.http().get(`/public/notices/${notice.id}`).expect(200);
      const h = await health();
      expect(h.status).toBe('ok');
      expect(h.replicas).toEqual([expect.objectContaining({ name: expect.any(String), status: 'down' })]);
      expect(JSON.stringify(h)).not.toContain('postgres@');
    } finally {
      await trusting.app.close();
      await standby.start();
    }
    await until('the replica to be back', async () => (await health()).replicas[0].status === 'ok');
  });

  describe('the audit bureau’s copy (logical replication)', () => {
    let copy: INestApplicationContext;
    let copyDb: DataSource;
    const copyUrl = () => copyServer.url('copy');

    beforeAll(async () => {
      await publishCounty(primary.url('ledger'));
      expect(await subscribeCopy(copyUrl(), primary.url('ledger'))).toBe('created');
      const [{ n }] = await sql<{ n: number }>(primary.url('ledger'), `SELECT count(*)::int AS n FROM journal_entry`);
      await until(
        'the copy to be filled',
        async () => {
          const s = await auditCopyStatus(copyUrl());
          const [{ m }] = await sql<{ m: number }>(copyUrl(), `SELECT count(*)::int AS m FROM journal_entry`);
          return s.ok && m === n;
        },
        40_000,
      );
      // The copy's own service, with no replica and no county in its configuration.
      delete process.env.DATABASE_REPLICA_URLS;
      copy = await NestFactory.createApplicationContext(AppModule.forRoot({ databaseUrl: copyUrl() }), {
        logger: false,
      });
      copyDb = copy.get(DataSource);
    }, 60_000);
    afterAll(() => copy?.close());

    const verifyOn = (db: DataSource) =>
      verifyBook((q, p) => db.query(q, p), COUNTY, { publicKey: t.app.get(SigningKeyService).publicKey, workers: 0 });

    it('verifies, passes the replay check and answers an audit trace, all from the copy', async () => {
      await sql(primary.url('ledger'), 'SELECT 1'); // the county is up, but the copy's service has no way to it
      expect(await verifyOn(copyDb)).toMatchObject({ ok: true });
      const replay = await copy.get(ReplayService).check();
      expect(replay.ok).toBe(true);
      expect(replay.entries).toBeGreaterThan(0);
      const auditor = { userId: 'a', name: 'auditor', role: 'auditor' as const, regionCode: COUNTY };
      expect((await copy.get(EntryTraceService).entry(auditor, COUNTY, 1)).seq).toBe(1);
    });

    it('refuses a row changed behind the county’s triggers: status names book and seq; the copy verifies', async () => {
      const seq = 2;
      const [before] = await sql<{ body: Buffer }>(
        copyUrl(),
        `SELECT body FROM journal_entry WHERE book = $1 AND seq = $2`,
        [COUNTY, seq],
      );
      // A superuser on the county's server goes round the append-only trigger.
      await sql(
        primary.url('ledger'),
        `SET session_replication_role = replica;
         UPDATE journal_entry SET body = body || '\\x20'::bytea WHERE book = '${COUNTY}' AND seq = ${seq};
         RESET session_replication_role`,
      );
      const status = await until('the copy to refuse the change', async () => {
        const s = await auditCopyStatus(copyUrl());
        return s.refused && !s.enabled ? s : undefined;
      });
      expect(status).toMatchObject({
        ok: false,
        refused: { table: 'journal_entry', operation: 'UPDATE', book: COUNTY, seq },
      });
      expect(describeStatus(status)).toContain(`book ${COUNTY}, seq ${seq}`);
      // The error count is cumulative statistics, flushed a moment after the apply worker stops.
      const applyErrors = await until('the subscription to count the error', async () => {
        const s = await auditCopyStatus(copyUrl());
        return s.applyErrors > 0 ? s.applyErrors : undefined;
      });
      expect(applyErrors).toBeGreaterThan(0);

      const county = await verifyOn(t.db);
      expect(county).toMatchObject({ ok: false, firstBadSeq: seq });
      expect(await verifyOn(copyDb)).toMatchObject({ ok: true });
      const [after] = await sql<{ body: Buffer }>(
        copyUrl(),
        `SELECT body FROM journal_entry WHERE book = $1 AND seq = $2`,
        [COUNTY, seq],
      );
      expect(after.body.equals(before.body)).toBe(true);
    });

    it('verifies, replays and traces with the county’s server stopped', async () => {
      await primary.stop();
      await expect(sql(primary.url(), 'SELECT 1')).rejects.toThrow();
      expect(await verifyOn(copyDb)).toMatchObject({ ok: true });
      expect((await copy.get(ReplayService).check()).ok).toBe(true);
      const auditor = { userId: 'a', name: 'auditor', role: 'auditor' as const, regionCode: COUNTY };
      expect((await copy.get(EntryTraceService).entry(auditor, COUNTY, 2)).seq).toBe(2);
      expect((await auditCopyStatus(copyUrl())).refused).toMatchObject({ book: COUNTY, seq: 2 });
    });
  });
});
