/**
 * Console speed (issue 16): the 工作台 (/console) of each demo user, rendered server-side on the demo county
 * (`--demo`, as `npm run demo` loads it), against the sign-in page of the same process in the same run (no
 * query: the floor of an HTML answer). Also one scrypt password hash against one SHA-256 token hash.
 * The users and passwords are read from what `--demo` prints.
 *
 *   npm run bench:console     (builds dist/; BENCH_RUNS=200; BENCH_DATABASE_URL picks a server)
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken, newToken } from '../src/auth/token';
import { hashPassword } from '../src/console/password';
import { machine, openBenchDatabase, percentile } from './support/bench-database';
import { freePort } from './support/bench-http';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);

async function timed(label: string, fn: () => Promise<unknown>, runs = RUNS): Promise<number> {
  for (let i = 0; i < Math.min(20, runs); i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(1);
  console.log(`${label}: p50 ${f(percentile(ms, 50))} ms, p95 ${f(percentile(ms, 95))} ms (${runs} runs)`);
  return percentile(ms, 50);
}

async function fetchOk(url: string, init: RequestInit = {}, expected = 200): Promise<Response> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  if (res.status !== expected) throw new Error(`${init.method ?? 'GET'} ${url} → ${res.status}`);
  return res;
}

/** Signs in through the form; answers the session cookie. */
async function signIn(base: string, username: string, password: string): Promise<string> {
  const form = await fetchOk(`${base}/console/login`);
  const pre = form.headers
    .getSetCookie()
    .find((c) => c.startsWith('sl_console_pre='))!
    .split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  const res = await fetchOk(
    `${base}/console/login`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pre },
      body: new URLSearchParams({ _csrf: csrf, username, password }).toString(),
    },
    303,
  );
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('sl_console='))!
    .split(';')[0];
}

async function main(): Promise<void> {
  const db = await openBenchDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'sl-bench-data-'));
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, '..', 'dist', 'main.js'), '--demo'], {
    env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 600 s:\n${output}`)), 600_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Sunshine Ledger listening')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`the app exited with ${code}:\n${output}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const logins = [...output.matchAll(/console: (\S+) \/ (\S+)/g)].map((m) => ({ username: m[1], password: m[2] }));
    console.log(`${machine()}; ${db.serverVersion}; demo county, ${logins.length} demo sign-ins`);
    await timed('baseline: GET /console/login (no query)', () =>
      fetchOk(`${base}/console/login`).then((r) => r.text()),
    );
    for (const { username, password } of logins) {
      const cookie = await signIn(base, username, password);
      await timed(`GET /console as ${username}`, () =>
        fetchOk(`${base}/console`, { headers: { cookie } }).then((r) => r.text()),
      );
    }
    await timed('scrypt password hash (N=2^15, r=8, p=1)', () => hashPassword('a demo password'), 20);
    await timed('baseline: SHA-256 token hash', async () => hashToken(newToken()), 20);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
