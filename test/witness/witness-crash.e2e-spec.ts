import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TestLog } from '../../src/witness/testing/test-log';
import { formatAddCheckpoint } from '../../src/witness/tlog';

/**
 * `npm run witness` as a child process, SIGKILLed (WITNESS_CRASH_AT) between verifying a checkpoint and storing
 * it, between writing the temp file and renaming it, and after storing but before answering. Restarted on the same
 * WITNESS_DIR, it is then offered a second, different tree of the same size: it must cosign only one of the two.
 */
const ROOT = resolve(__dirname, '../..');

interface Child {
  proc: ChildProcess;
  base: string;
}

function startChild(dir: string, logs: string, crashAt?: string): Promise<Child> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WITNESS_DIR: dir,
    WITNESS_PORT: '0',
    WITNESS_NAME: 'audit.test/w1',
    WITNESS_LOGS: logs,
  };
  delete env.WITNESS_CRASH_AT;
  if (crashAt) env.WITNESS_CRASH_AT = crashAt;
  const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/witness/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveStart, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on port (\d+)/.exec(out);
      if (m) resolveStart({ proc, base: `http://127.0.0.1:${m[1]}` });
    });
    proc.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('exit', (code) => reject(new Error(`witness exited (${code}) before listening:\n${out}`)));
  });
}

const exited = (proc: ChildProcess) =>
  new Promise<NodeJS.Signals | null>((r) =>
    proc.exitCode !== null || proc.signalCode ? r(proc.signalCode) : proc.on('exit', (_, s) => r(s)),
  );

async function post(base: string, body: string) {
  const res = await fetch(`${base}/add-checkpoint`, { method: 'POST', body });
  return { status: res.status, text: await res.text() };
}

describe('a witness killed mid-request never cosigns two trees of one size', () => {
  const honest = new TestLog('county.example/411103000000');
  const fork = new TestLog(honest.origin, honest.privateKey); // the same log key signing a second history
  honest.append(10, 'honest');
  fork.append(10, 'fork');
  const dirs: string[] = [];
  const children: ChildProcess[] = [];

  afterAll(() => {
    for (const c of children) if (c.exitCode === null && !c.signalCode) c.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it.each([
    ['verified', false],
    ['temp-written', false],
    ['stored', true],
  ])(
    'killed at %s: after restart exactly one of two same-size trees is cosigned',
    async (point, persisted) => {
      const dir = mkdtempSync(join(tmpdir(), 'sl-witness-crash-'));
      dirs.push(dir);
      const first = await startChild(dir, honest.vkey, point);
      children.push(first.proc);
      // The killed witness answers nothing: the connection drops.
      await expect(post(first.base, await honest.request(0))).rejects.toThrow();
      expect(await exited(first.proc)).toBe('SIGKILL');

      const again = await startChild(dir, honest.vkey);
      children.push(again.proc);
      const a = await honest.checkpoint(10);
      const b = await fork.checkpoint(10);
      const results = [
        await post(again.base, formatAddCheckpoint(0, [], b)),
        await post(again.base, formatAddCheckpoint(10, [], b)),
        await post(again.base, formatAddCheckpoint(0, [], a)),
        await post(again.base, formatAddCheckpoint(10, [], a)),
      ];
      const cosigned = new Set([0, 1, 2, 3].filter((i) => results[i].status === 200).map((i) => (i < 2 ? 'b' : 'a')));
      expect(cosigned.size).toBe(1);
      // Persisted before the kill: the first tree stands; not persisted: the first offer after restart wins.
      expect([...cosigned]).toEqual([persisted ? 'a' : 'b']);
      expect(results.filter((r) => r.status === 422).length).toBe(1);
      expect(readdirSync(join(dir, 'logs')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
      again.proc.kill('SIGTERM');
      expect(await exited(again.proc)).toBeNull(); // a clean exit on SIGTERM
    },
    60_000,
  );
});
