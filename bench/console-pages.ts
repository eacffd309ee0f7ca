/**
 * Console page speed (issue 16): server-side render of the 工作台 (/console) and of the 资金追踪 page of the demo
 * county's largest fund, signed in as the county auditor, against /health and a static console file in the
 * same run. The demo county is loaded by the demo loader (src/demo/load-demo.ts) into a fresh database.
 * `npm run bench:console`; BENCH_DATABASE_URL picks a server (default: an embedded one), BENCH_RUNS the count.
 * Prints median and p95 in ms of sequential requests over loopback (the client shares the process: the
 * baselines show what that costs).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { APP_OPTIONS, configureApp, createHttpAdapter } from '../src/app.setup';
import { UsersService } from '../src/auth/users.service';
import { loadDemo } from '../src/demo/load-demo';
import { machine, openBenchDatabase, percentile } from './support/bench-database';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const COUNTY = '411103000000';
const PASSWORD = 'bench password 123';

async function signIn(base: string, username: string): Promise<string> {
  const form = await fetch(`${base}/console/login`);
  const pre = /sl_console_pre=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  const res = await fetch(`${base}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `sl_console_pre=${pre}` },
    body: new URLSearchParams({ _csrf: csrf, username, password: PASSWORD }).toString(),
  });
  const session = /sl_console=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  if (res.status !== 303 || !session) throw new Error(`sign-in failed: ${res.status}`);
  return `sl_console=${session[1]}`;
}

async function timed(label: string, url: string, cookie?: string): Promise<void> {
  const get = async () => {
    const res = await fetch(url, { headers: cookie ? { Cookie: cookie } : {} });
    const body = await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} → ${res.status}`);
    return body.byteLength;
  };
  for (let i = 0; i < Math.min(20, RUNS / 5); i++) await get();
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    bytes = await get();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(1);
  console.log(
    `${label.padEnd(34)} median ${f(percentile(ms, 50)).padStart(6)} ms, p95 ${f(percentile(ms, 95)).padStart(6)} ms` +
      `  (${(bytes / 1024).toFixed(0)} KiB, ${RUNS} runs)`,
  );
}

async function main(): Promise<void> {
  const db = await openBenchDatabase();
  process.env.LOG_LEVEL ??= 'warn';
  const app = configureApp(
    await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ databaseUrl: db.url }), createHttpAdapter(), {
      ...APP_OPTIONS,
      logger: ['error', 'warn'],
    }),
  );
  try {
    const t0 = performance.now();
    await loadDemo(app);
    console.log(`${machine()}; ${db.serverVersion}; demo loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    await app.get(UsersService).issue('bench auditor', 'auditor', COUNTY, {
      username: 'bench-auditor',
      password: PASSWORD,
      final: true,
    });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const ds = app.get(DataSource);
    // The county fund whose trace is largest: the most payments below it.
    const [fund]: Array<{ id: string; doc_no: string; payments: number }> = await ds.query(
      `SELECT f.id, f.doc_no, count(p.*)::int AS payments
         FROM fund f LEFT JOIN journal_posting p ON p.fund_id = f.id AND p.account LIKE 'payee:%'
        WHERE f.book = $1 GROUP BY f.id, f.doc_no ORDER BY payments DESC, f.amount DESC LIMIT 1`,
      [COUNTY],
    );
    console.log(`trace of ${fund.doc_no}: ${fund.payments} payment postings`);
    const cookie = await signIn(base, 'bench-auditor');
    await timed('baseline GET /health', `${base}/health`);
    await timed('baseline GET console.css (static)', `${base}/console/assets/console.css`);
    await timed('GET /console (工作台)', `${base}/console`, cookie);
    await timed('GET trace page (资金追踪)', `${base}/console/audit/trace/funds/${fund.id}`, cookie);
  } finally {
    await app.close();
    await db.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
