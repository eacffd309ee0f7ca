import { rm } from 'node:fs/promises';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrate } from '../../src/database/migrate';
import { UsersService } from '../../src/auth/users.service';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { JournalService } from '../../src/journal/journal.service';
import { ReplayService } from '../../src/journal/replay/replay.service';
import { verifyBook } from '../../src/journal/verify/chain-verifier';
import { compileService, ServiceProcess, startService } from '../support/compiled-service';
import { CITY, COUNTY, payment, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp } from '../support/test-app';
import { TestDatabase } from '../support/test-database';
import { ScratchCluster, startScratchCluster } from '../support/scratch-cluster';
import { seededRandom } from '../../src/common/seeded-random';
import { CrashRequest, fetchInit, Sent, sendAll } from './crash-load-fixtures';
import { FUND_HEADER, xlsx } from '../excel/xlsx-fixtures';

const ROUNDS = 5;
const DB_ROUNDS = 2;
const CLIENTS = 16;
const SEED = 18;
/** More than the rounds can send: one client imports, a few files a round. */
const IMPORT_FILES = 100;

/**
 * SIGKILL the service (or kill its database server) at a random, seeded moment while 16 clients post
 * payments, allocations, fund documents and county announcements, each with an Idempotency-Key, and .xlsx fund
 * imports (no key: a file imported twice is refused by its 文号); restart it and check what the
 * clients were told against the journal: nothing acknowledged is lost, nothing is half-written, every
 * unanswered request retried with its key lands exactly once, and the books and projections still check out.
 * The service runs compiled in a child process, its database on a scratch cluster of its own.
 */
describe('crash safety: killed under a mixed write load at 16 clients', () => {
  let cluster: ScratchCluster;
  let database: TestDatabase;
  let db: DataSource;
  let compiled: string;
  let service: ServiceProcess | undefined;
  let make: (round: string, client: number, n: number, pick: number) => CrashRequest;

  beforeAll(async () => {
    // A cluster of its own, so that the database server can be killed too.
    [compiled, cluster] = await Promise.all([compileService(), startScratchCluster()]);
    const admin = new Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ledger`);
    await admin.end();
    database = { name: 'ledger', url: cluster.url('ledger'), drop: () => cluster.destroy() };
    await migrate(database.url);
    // Seed in this process: users, a county fund, projects ready to pay, city funds to allocate from.
    const t = await createTestApp({ database: { ...database, drop: async () => undefined } });
    const d = new ProjectDriver(t, await projectTokens(t));
    const users = t.app.get(UsersService);
    const county = await users.issue('county clerk', 'finance', COUNTY);
    const city = await users.issue('city clerk', 'finance', CITY);
    const program = await users.issue('county program office', 'program', COUNTY);
    // Import files made up front (make() is synchronous): two fund documents each, numbered apart from the keys.
    const imports = await Promise.all(
      Array.from({ length: IMPORT_FILES }, async (_, i) => {
        const docNos = [1, 2].map((n) => `郾财导〔2024〕${i}-${n}号`);
        const rows = docNos.map((docNo) => [docNo, '县级衔接资金', '县', '5.00', '2024-01-10', null, COUNTY]);
        return { file: await xlsx(FUND_HEADER, rows), docNos };
      }),
    );
    let nextImport = 0;
    const fund = await d.countyFund('9000000.00');
    const projects: string[] = [];
    for (let i = 0; i < 4; i++) projects.push(await d.projectFunded([{ fundId: fund, amount: '200000.00' }]));
    const cityFunds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await t
        .http()
        .post('/api/v1/funds')
        .set('Authorization', `Bearer ${city.token}`)
        .send({
          docNo: `漯财农〔2024〕${i + 1}号`,
          title: '市级衔接资金',
          sourceLevel: 'central',
          regionCode: CITY,
          amount: '9000000.00',
          issuedOn: '2024-01-10',
        })
        .expect(201);
      cityFunds.push(res.body.id);
    }
    await t.app.close();
    db = await new DataSource(dataSourceOptions(database.url, 4)).initialize();

    make = (round, client, n, pick) => {
      const key = `r${round}-c${client}-${n}`;
      if (pick < 0.5)
        return {
          key,
          user: county,
          path: `/api/v1/projects/${projects[(client + n) % projects.length]}/disbursements`,
          body: payment({ amount: '1.00', voucherNo: `记-${key}` }),
          entries: 1,
        };
      if (pick < 0.7)
        return {
          key,
          user: city,
          path: `/api/v1/funds/${cityFunds[n % cityFunds.length]}/allocations`,
          body: { toRegionCode: COUNTY, docNo: `漯财农-${key}`, amount: '1.00', issuedOn: '2024-02-01' },
          entries: 2,
        };
      if (pick < 0.8)
        return {
          key,
          user: program,
          path: '/api/v1/notices',
          body: { type: 'announcement', regionCode: COUNTY, periodStart: '2024-03-01', issuer: '郾城区乡村振兴局' },
          entries: 1,
        };
      // Client 0 is a clerk importing files one after another (a second import into the book meanwhile would be
      // told 409 to wait, which ends a client's loop here).
      if (client === 0) {
        if (nextImport === imports.length) throw new Error('more imports than IMPORT_FILES');
        const upload = imports[nextImport++];
        return { key, user: county, path: `/api/v1/funds/import?regionCode=${COUNTY}`, body: {}, entries: 2, upload };
      }
      return {
        key,
        user: county,
        path: '/api/v1/funds',
        body: {
          docNo: `郾财农-${key}`,
          title: '县级衔接资金',
          sourceLevel: 'county',
          regionCode: COUNTY,
          amount: '10.00',
          issuedOn: '2024-01-10',
        },
        entries: 1,
      };
    };
  }, 120_000);

  afterAll(async () => {
    await service?.kill();
    await rm(compiled, { recursive: true, force: true });
    await db?.destroy();
    await database?.drop();
  });

  /** Journal entries of each request: those carrying its scoped key, or for an import its fund documents. */
  const entriesOf = async (requests: CrashRequest[]) => {
    const rows: Array<{ key: string; n: number }> = await db.query(
      `SELECT idempotency_key AS key, count(*)::int AS n FROM journal_entry
        WHERE idempotency_key = ANY($1::text[]) GROUP BY idempotency_key`,
      [requests.map((r) => `${r.user.id}|${r.key}`)],
    );
    const docNos: Array<{ doc_no: string }> = await db.query(`SELECT doc_no FROM fund WHERE doc_no = ANY($1)`, [
      requests.flatMap((r) => r.upload?.docNos ?? []),
    ]);
    const count = new Map(rows.map((r) => [r.key, r.n]));
    const imported = new Set(docNos.map((f) => f.doc_no));
    return (r: CrashRequest) =>
      r.upload ? r.upload.docNos.filter((d) => imported.has(d)).length : (count.get(`${r.user.id}|${r.key}`) ?? 0);
  };

  const checkBooks = async () => {
    const books: Array<{ code: string }> = await db.query(`SELECT code FROM journal_book ORDER BY code`);
    for (const { code } of books)
      expect(await verifyBook((sql, p) => db.query(sql, p), code)).toMatchObject({ ok: true });
    expect((await new ReplayService(db, new JournalService(db)).check()).ok).toBe(true);
  };

  /**
   * After a crash (the service restarted, or its database back): every acknowledged write is there, whole;
   * an unanswered one is whole or absent, never half; each retried with its key is applied exactly once
   * (the dead owner's claim recovered), a second retry replays the first, and every book and projection checks out.
   */
  const checkAfterCrash = async (sent: Sent[], base: string) => {
    const acked = sent.filter((s) => s.answer?.status === 201);
    const unanswered = sent.filter((s) => s.answer?.status !== 201);
    let count = await entriesOf(sent.map((s) => s.request));
    expect(acked.filter((s) => count(s.request) !== s.request.entries).map((s) => s.request.key)).toEqual([]);
    // An entry is whole or absent; an import is rows, each whole, which its file sent again completes (below).
    expect(
      unanswered
        .filter((s) => !s.request.upload && ![0, s.request.entries].includes(count(s.request)))
        .map((s) => s.request.key),
    ).toEqual([]);
    const importsCut = unanswered.filter((s) => s.request.upload && count(s.request) % s.request.entries).length;
    const committedUnanswered = unanswered.filter((s) => count(s.request) > 0).length;

    // Each unanswered request sent again: a keyed one is applied now or replayed; an import's file, its own key,
    // replays the rows it wrote and writes the rest. A second time, every answer is the first one's.
    const retried = await Promise.all(unanswered.map((s) => retry(base, s.request)));
    expect(retried.filter((r) => r.status !== 201)).toEqual([]);
    count = await entriesOf(sent.map((s) => s.request));
    expect(sent.filter((s) => count(s.request) !== s.request.entries).map((s) => s.request.key)).toEqual([]);
    const again = await Promise.all(unanswered.map((s) => retry(base, s.request)));
    expect(again.map((r) => r.text)).toEqual(retried.map((r) => r.text));
    expect(again.filter((r, i) => !unanswered[i].request.upload && !r.replayed)).toEqual([]);
    await checkBooks();
    const imports = sent.filter((s) => s.request.upload).length;
    return { acknowledged: acked.length, unanswered: unanswered.length, committedUnanswered, imports, importsCut };
  };
  const add = (a: Record<string, number>, b: Record<string, number>) => {
    for (const k of Object.keys(b)) a[k] = (a[k] ?? 0) + b[k];
  };

  it(`the service SIGKILLed: nothing acknowledged lost, each retry applied once, ${ROUNDS} rounds`, async () => {
    const random = seededRandom(SEED);
    const totals: Record<string, number> = {};
    service = await startService(compiled, database.url);
    for (let round = 0; round < ROUNDS; round++) {
      const sent = await sendAll(service.base, CLIENTS, (c, n) => make(`s${round}`, c, n, random()), {
        stopAfterMs: 200 + Math.floor(random() * 1300),
        onStop: () => service!.kill(),
      });
      // Zero errors: every answer the clients got before the kill is a success.
      expect(sent.filter((s) => s.answer && s.answer.status !== 201)).toEqual([]);
      expect(sent.filter((s) => s.answer).length).toBeGreaterThan(0);
      service = await startService(compiled, database.url);
      add(totals, await checkAfterCrash(sent, service.base));
    }
    expect(totals.unanswered).toBeGreaterThan(0);
    console.log(`crash-load, service killed: ${ROUNDS} rounds, ${JSON.stringify(totals)}`);
  }, 180_000);

  it(`the database server killed (pg_ctl stop -m immediate): the same, ${DB_ROUNDS} rounds`, async () => {
    const random = seededRandom(SEED + 1);
    const totals: Record<string, number> = {};
    if (!service || service.child.exitCode !== null || service.child.signalCode !== null)
      service = await startService(compiled, database.url);
    for (let round = 0; round < DB_ROUNDS; round++) {
      const sent = await sendAll(service.base, CLIENTS, (c, n) => make(`d${round}`, c, n, random()), {
        stopAfterMs: 200 + Math.floor(random() * 1300),
        onStop: () => cluster.killImmediate(),
      });
      // While the server is down the service answers 5xx, never a 4xx that would tell the client to give up.
      expect(sent.filter((s) => s.answer && s.answer.status !== 201 && s.answer.status < 500)).toEqual([]);
      await cluster.start();
      expect(service.child.exitCode === null ? '' : service.stderr()).toBe('');
      add(totals, await checkAfterCrash(sent, service.base));
    }
    expect(totals.unanswered).toBeGreaterThan(0);
    console.log(`crash-load, database killed: ${DB_ROUNDS} rounds, ${JSON.stringify(totals)}`);
  }, 120_000);
});

/** A retry after the restart; a claim still owned by a live request answers 409 for a moment, so try for 5 s. */
async function retry(base: string, r: CrashRequest) {
  const until = Date.now() + 5000;
  for (;;) {
    const res = await fetch(base + r.path, fetchInit(r));
    const text = await res.text();
    if (res.status !== 409 || Date.now() > until || !text.includes('IN_PROGRESS'))
      return { status: res.status, text, replayed: res.headers.get('idempotent-replayed') === 'true' };
    await new Promise((done) => setTimeout(done, 100));
  }
}
