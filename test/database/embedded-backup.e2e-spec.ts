import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { runBackupCommand } from '../../src/database/cli-backup';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { startEmbeddedChild } from '../support/embedded-server';
import { migrate } from '../../src/database/migrate';
import { CheckpointService } from '../../src/journal/checkpoints/checkpoint.service';
import { SigningKeyService } from '../../src/journal/checkpoints/signing-key.service';
import { verifyBook } from '../../src/journal/verify/chain-verifier';
import { createTestApp } from '../support/test-app';

const CITY = '411100000000';

/**
 * `npm start`'s own database: backup and restore of the embedded server under DATA_DIR need no pg_dump (none of
 * PostgreSQL 18 is packaged for Debian 12 or npm). This file starts its own embedded server, so the external
 * pass (TEST_DATABASE_URL) skips it: it would test the same thing again.
 */
const describeEmbedded = process.env.TEST_DATABASE_URL ? describe.skip : describe;

describeEmbedded('backup and restore of the embedded server (no DATABASE_URL)', () => {
  let dir: string;
  const env = () => ({ ...process.env, DATABASE_URL: '', DATA_DIR: join(dir, 'data') });
  const command = (name: 'backup' | 'restore', file: string, force = false) =>
    runBackupCommand(name, file, force, env());

  /** The service on the embedded server of `dir`, for one step; stopped after. */
  async function withService<T>(step: (t: Awaited<ReturnType<typeof createTestApp>>) => Promise<T>): Promise<T> {
    const server = await startEmbeddedChild(join(dir, 'data'));
    const previous = process.env.DATA_DIR;
    process.env.DATA_DIR = join(dir, 'data');
    try {
      await migrate(server.url);
      const t = await createTestApp({ database: { name: 'postgres', url: server.url, drop: async () => undefined } });
      try {
        return await step(t);
      } finally {
        await t.close();
      }
    } finally {
      process.env.DATA_DIR = previous;
      await server.stop();
    }
  }
  const fund = async (t: Awaited<ReturnType<typeof createTestApp>>, docNo: string) => {
    const token = await t.tokenFor('finance', CITY);
    const body = {
      docNo,
      title: '衔接资金',
      sourceLevel: 'central',
      regionCode: CITY,
      amount: '80.00',
      issuedOn: '2026-01-10',
    };
    await t.http().post('/api/v1/funds').set('Authorization', `Bearer ${token}`).send(body).expect(201);
  };

  beforeAll(async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    dir = await mkdtemp(join(tmpdir(), 'sl-embedded-backup-'));
    await chmod(dir, 0o755); // the server runs as postgres when the tests run as root
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('copies the stopped cluster with its keys, refuses while it runs, and restores only with --force', async () => {
    const file = join(dir, 'ledger.tar.gz');
    const signed = await withService(async (t) => {
      await fund(t, '漯财农〔2026〕1号');
      await expect(command('backup', file)).rejects.toThrow(/running: stop the service first/);
      const [checkpoint] = await t.app.get(CheckpointService).checkpointAll();
      return { checkpoint, publicKey: t.app.get(SigningKeyService).publicKey };
    });
    const key = await readFile(join(dir, 'data', 'signing-key.pem'), 'utf8');
    expect(existsSync(file)).toBe(false);

    await command('backup', file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    // Written after the backup: it must not come back.
    await withService((t) => fund(t, '漯财农〔2026〕2号'));
    await expect(command('restore', file)).rejects.toThrow(/already holds a database/);
    await command('restore', file, true);

    expect(await readFile(join(dir, 'data', 'signing-key.pem'), 'utf8')).toBe(key);
    const server = await startEmbeddedChild(join(dir, 'data'));
    const db = await new DataSource(dataSourceOptions(server.url, 2)).initialize();
    try {
      const funds = await db.query(`SELECT doc_no FROM fund ORDER BY doc_no`);
      expect(funds.map((f: { doc_no: string }) => f.doc_no)).toEqual(['漯财农〔2026〕1号']);
      const report = await verifyBook((sql, p) => db.query(sql, p), CITY, { publicKey: signed.publicKey });
      expect(report).toMatchObject({ ok: true, entries: signed.checkpoint.treeSize, checkpointsChecked: 1 });
    } finally {
      await db.destroy();
      await server.stop();
    }
  }, 180_000);
});
