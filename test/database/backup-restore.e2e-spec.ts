import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runBackupCommand } from '../../src/database/cli-backup';
import { migrate } from '../../src/database/migrate';
import { CheckpointService } from '../../src/journal/checkpoints/checkpoint.service';
import { SigningKeyService } from '../../src/journal/checkpoints/signing-key.service';
import { JournalService } from '../../src/journal/journal.service';
import { ReplayService } from '../../src/journal/replay/replay.service';
import { verifyBook } from '../../src/journal/verify/chain-verifier';
import { startScratchCluster, ScratchCluster } from '../support/scratch-cluster';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';

const run = promisify(execFile);
const CITY = '411100000000';
const COUNTY = '411103000000';

describe('backup and restore (npm run cli -- backup / restore)', () => {
  let cluster: ScratchCluster;
  let t: TestApp;
  let dir: string;
  let token: string;

  /** What `npm run cli -- backup|restore` runs, in this process (the CLI's start-up costs seconds). */
  const command = (database: string, name: 'backup' | 'restore', file: string, force = false) =>
    runBackupCommand(name, file, force, { ...process.env, DATABASE_URL: cluster.url(database) });
  /** The real CLI, as an operator runs it, against one database of the scratch cluster. */
  const cli = (database: string, ...args: string[]) =>
    run(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', ...args], {
      env: { ...process.env, DATABASE_URL: cluster.url(database), LOG_LEVEL: 'silent' },
    });
  const createDatabase = async (name: string) => {
    const admin = new Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  };
  const fund = (docNo: string) =>
    t
      .http()
      .post('/api/v1/funds')
      .set('Authorization', `Bearer ${token}`)
      .send({
        docNo,
        title: '衔接资金',
        sourceLevel: 'central',
        regionCode: CITY,
        amount: '5000.00',
        issuedOn: '2024-01-10',
      })
      .expect(201);
  const allocate = (id: string, docNo: string) =>
    t
      .http()
      .post(`/api/v1/funds/${id}/allocations`)
      .set('Authorization', `Bearer ${token}`)
      .send({ toRegionCode: COUNTY, docNo, amount: '1000.00', issuedOn: '2024-02-01' })
      .expect((r) => expect([r.status, r.body]).toEqual([201, expect.anything()]));

  beforeAll(async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    dir = await mkdtemp(join(tmpdir(), 'sl-backup-'));
    cluster = await startScratchCluster();
    await createDatabase('ledger');
    await migrate(cluster.url('ledger'));
    t = await createTestApp({
      database: { name: 'ledger', url: cluster.url('ledger'), drop: async () => undefined },
    });
    token = await t.tokenFor('finance', CITY);
  });
  afterAll(async () => {
    await t?.close();
    await cluster?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('restores the state of the backup: every book verifies against the checkpoints signed before it', async () => {
    const before = (await fund('郾财农〔2024〕1号')).body;
    await allocate(before.id, '漯财农〔2024〕1号');
    const signed = await t.app.get(CheckpointService).checkpointAll();
    expect(signed.map((c) => c.book).sort()).toEqual([CITY, COUNTY]);
    const backedUp = await tableCounts(t.db);

    const file = join(dir, 'ledger.dump');
    await command('ledger', 'backup', file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    // Written after the backup, and checkpointed: none of it may come back.
    const after = (await fund('郾财农〔2024〕2号')).body;
    await allocate(after.id, '漯财农〔2024〕2号');
    await t.app.get(CheckpointService).checkpointAll();

    await createDatabase('restored');
    await command('restored', 'restore', file);
    const restored = await new DataSource(dataSourceOptions(cluster.url('restored'), 4)).initialize();
    try {
      expect(await tableCounts(restored)).toEqual(backedUp);
      const funds = await restored.query(`SELECT doc_no FROM fund ORDER BY doc_no`);
      expect(funds.map((f: { doc_no: string }) => f.doc_no)).toEqual(['漯财农〔2024〕1号', '郾财农〔2024〕1号'].sort());
      const publicKey = t.app.get(SigningKeyService).publicKey;
      for (const cp of signed) {
        const report = await verifyBook((sql, p) => restored.query(sql, p), cp.book, { publicKey });
        expect(report).toMatchObject({ ok: true, entries: cp.treeSize, checkpointsChecked: 1 });
        const [head] = await restored.query(`SELECT head_seq::int AS seq FROM journal_book WHERE code = $1`, [cp.book]);
        expect(head.seq).toBe(cp.treeSize);
      }
      expect((await new ReplayService(restored, new JournalService(restored)).check()).ok).toBe(true);
    } finally {
      await restored.destroy();
    }
  }, 90_000);

  it('refuses to restore over a database with tables, changing nothing, unless --force', async () => {
    const file = join(dir, 'again.dump');
    await command('ledger', 'backup', file);
    const counts = await tableCounts(t.db);
    await expect(cli('ledger', 'restore', file)).rejects.toMatchObject({
      stderr: expect.stringContaining('not empty'),
    });
    expect(await tableCounts(t.db)).toEqual(counts);
  }, 60_000);

  it('restores over a database that has tables with --force', async () => {
    const file = join(dir, 'forced.dump');
    await createDatabase('scratch');
    await migrate(cluster.url('scratch'));
    await command('ledger', 'backup', file);
    await command('scratch', 'restore', file, true);
    const db = new Client({ connectionString: cluster.url('scratch') });
    await db.connect();
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM fund`);
    await db.end();
    expect(rows[0].n).toBe(4);
  }, 60_000);
});
