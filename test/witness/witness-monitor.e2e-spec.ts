import { spawn } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { JournalService } from '../../src/journal/journal.service';
import { logVkey } from '../../src/journal/witnesses/checkpoint-note';
import { monitorOnce } from '../../src/witness/monitor';
import { startWitness, StartedWitness } from '../../src/witness/start-witness';
import { TestLog } from '../../src/witness/testing/test-log';
import { parseLogKeys } from '../../src/witness/witness-config';
import { COUNTY_BOOK, receiveFund, spend } from '../support/journal-fixtures';
import { createTestApp, TestApp } from '../support/test-app';

/** Monitor mode: the witness pulls a county that does not push, through the county's public routes. */
describe('witness monitor mode', () => {
  const saved = { ...process.env };
  let t: TestApp;
  let journal: JournalService;
  let finance: string;
  let fund: string;
  let county: KeyObject;
  let base: string;
  const dirs: string[] = [];
  const witnesses: StartedWitness[] = [];

  async function witness(): Promise<StartedWitness> {
    const dir = mkdtempSync(join(tmpdir(), 'sl-monitor-'));
    dirs.push(dir);
    const w = await startWitness({
      port: 0,
      name: 'audit.yancheng.example/w1',
      dir,
      privateKey: generateKeyPairSync('ed25519').privateKey,
      logs: parseLogKeys(logVkey(COUNTY_BOOK, createPublicKey(county))),
    });
    witnesses.push(w);
    return w;
  }
  const checkpoint = () =>
    t
      .http()
      .post('/api/v1/ledger/checkpoints')
      .set({ Authorization: `Bearer ${finance}` })
      .send({ book: COUNTY_BOOK })
      .expect(201);

  beforeAll(async () => {
    county = generateKeyPairSync('ed25519').privateKey;
    process.env.SIGNING_KEY = county.export({ type: 'pkcs8', format: 'pem' }).toString();
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    journal = t.app.get(JournalService);
    finance = await t.tokenFor('finance', COUNTY_BOOK);
    ({ fund } = await receiveFund(journal, COUNTY_BOOK, 100_000n));
    await spend(journal, COUNTY_BOOK, fund, 100n);
    await checkpoint();
  });

  afterAll(async () => {
    for (const w of witnesses) await w.close();
    await t?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    delete process.env.SIGNING_KEY;
    Object.assign(process.env, saved);
  });

  it('cosigns the latest checkpoint, then the next one through the consistency proof it fetches', async () => {
    const w = await witness();
    expect(await monitorOnce(w.witness, [base])).toEqual({
      cosigned: [{ base, origin: `sunshine-ledger/${COUNTY_BOOK}`, size: 2 }],
      inconsistent: [],
      errors: [],
    });
    for (let i = 0; i < 5; i++) await spend(journal, COUNTY_BOOK, fund, 3n);
    await checkpoint();
    const second = await monitorOnce(w.witness, [base]);
    expect(second.cosigned.map((c) => c.size)).toEqual([7]);
    expect((await w.witness.store.get(`sunshine-ledger/${COUNTY_BOOK}`))!.size).toBe(7);
  });

  it('reports a county whose history is not the one it witnessed (and a county it cannot reach)', async () => {
    const w = await witness();
    // What this witness saw before: another history of the book under the county's own key.
    const fork = new TestLog(`sunshine-ledger/${COUNTY_BOOK}`, county);
    fork.append(4, 'shown to someone else');
    expect((await w.witness.addCheckpoint(await fork.request(0))).status).toBe(200);
    const report = await monitorOnce(w.witness, [base, 'http://127.0.0.1:9']);
    expect(report.inconsistent).toEqual([
      expect.objectContaining({ base, status: 422, reason: expect.stringContaining('does not verify') }),
    ]);
    expect(report.errors).toHaveLength(1);
  });

  it('--monitor URL --once exits 3 on an inconsistent county, 0 on a consistent one', async () => {
    const run = async (dir: string) => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        WITNESS_DIR: dir,
        WITNESS_NAME: 'audit.yancheng.example/w1',
        WITNESS_LOGS: logVkey(COUNTY_BOOK, createPublicKey(county)),
      };
      const child = spawn(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', 'src/witness/main.ts', '--monitor', base, '--once'],
        { cwd: resolve(__dirname, '../..'), env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      return { code, out };
    };
    const clean = mkdtempSync(join(tmpdir(), 'sl-monitor-cli-'));
    dirs.push(clean);
    const ok = await run(clean);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`monitor: cosigned sunshine-ledger/${COUNTY_BOOK} at size 7`);
    // The state file now says size 7 with the honest root; make it hold another root at that size.
    const forked = mkdtempSync(join(tmpdir(), 'sl-monitor-cli-'));
    dirs.push(forked);
    const fork = new TestLog(`sunshine-ledger/${COUNTY_BOOK}`, county);
    fork.append(7, 'forked');
    const f = await startWitness({
      port: 0,
      name: 'audit.yancheng.example/w1',
      dir: forked,
      privateKey: generateKeyPairSync('ed25519').privateKey,
      logs: parseLogKeys(logVkey(COUNTY_BOOK, createPublicKey(county))),
    });
    expect((await f.witness.addCheckpoint(await fork.request(0))).status).toBe(200);
    await f.close();
    const bad = await run(forked);
    expect(bad.code).toBe(3);
    expect(bad.out).toContain('ERROR inconsistent log');
  }, 60_000);
});
