/**
 * Audit reads on a generated province (npm run generate): the app started in this process on DATABASE_URL, an
 * auditor of the province, and sequential GETs of
 *   forward trace of a central fund down to one county, back trace of an asset, findings of one county and of the
 *   province, reconciliation of a county-year,
 * beside two baselines measured in the same run: GET /health (the HTTP stack alone) and a raw SQL SUM over the
 * county's postings (what reading the county's journal costs at the least), and a route that exists today
 * (GET /api/v1/funds/:id) so the bench itself is known to work before the audit routes land.
 *
 *   DATABASE_URL=postgres://…/province npm run bench:audit
 *   (BENCH_RUNS=20 per route, BENCH_PROVINCE_RUNS=3 for the province findings, BENCH_COUNTY=<code> to choose one)
 *
 * A route answering anything but 2xx is reported with its status, not timed.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { APP_OPTIONS, configureApp, createHttpAdapter } from '../src/app.setup';
import { UsersService } from '../src/auth/users.service';
import { machine, percentile } from './support/bench-database';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const PROVINCE_RUNS = Number(process.env.BENCH_PROVINCE_RUNS ?? 3);

interface Result {
  name: string;
  status: number | 'ok';
  p50?: number;
  p95?: number;
  runs: number;
}

async function timed(name: string, runs: number, once: () => Promise<number>): Promise<Result> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const status = await once();
    const took = Number(process.hrtime.bigint() - t) / 1e6;
    if (status < 200 || status > 299) return { name, status, runs: i };
    ms.push(took);
  }
  ms.sort((a, b) => a - b);
  return { name, status: 'ok', p50: percentile(ms, 50), p95: percentile(ms, 95), runs };
}

/** The ids to read: the province's first central fund, the county with most entries, an asset there, its last year. */
async function targets(db: DataSource) {
  const [fund] = await db.query(
    `SELECT id, book FROM fund WHERE source_level = 'central' AND parent_fund_id IS NULL AND book LIKE '__0000000000' ORDER BY issued_on LIMIT 1`,
  );
  if (!fund) throw new Error('no central fund at a province: is DATABASE_URL a generated province?');
  const county =
    process.env.BENCH_COUNTY ??
    (
      await db.query(
        `SELECT book FROM journal_entry WHERE book LIKE $1 AND book NOT LIKE '____00000000' GROUP BY book ORDER BY count(*) DESC LIMIT 1`,
        [`${fund.book.slice(0, 2)}%`],
      )
    )[0].book;
  const [asset] = await db.query(`SELECT id FROM asset WHERE book = $1 ORDER BY registered_on LIMIT 1`, [county]);
  const [{ year }] = await db.query(`SELECT max(year)::int AS year FROM fund WHERE book = $1`, [county]);
  const [countyFund] = await db.query(`SELECT id FROM fund WHERE book = $1 LIMIT 1`, [county]);
  return {
    province: fund.book as string,
    fund: fund.id as string,
    county: county as string,
    asset: asset?.id as string,
    year: year as number,
    countyFund: countyFund.id as string,
  };
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL of a generated province is required');
  process.env.LOG_LEVEL ??= 'warn';
  process.env.CHECKPOINT_INTERVAL_SECONDS ??= '0';
  const app = configureApp(
    await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ databaseUrl: url }), createHttpAdapter(), {
      ...APP_OPTIONS,
      logger: ['error'],
    }),
  );
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const db = app.get(DataSource);
  const t = await targets(db);
  const { token } = await app.get(UsersService).issue('bench auditor', 'auditor', t.province);
  const get = (path: string) => async () => {
    const res = await fetch(base + path, { headers: { Authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    return res.status;
  };
  const sql = async () => {
    await db.query(`SELECT sum(amount) FROM journal_posting WHERE book = $1 AND amount > 0`, [t.county]);
    return 200;
  };
  console.log(`bench:audit — ${machine()}; county ${t.county}, fund ${t.fund}, asset ${t.asset}, year ${t.year}`);
  const [{ entries }] = await db.query(`SELECT count(*)::int AS entries FROM journal_entry`);
  console.log(`${entries} journal entries in the database; ${RUNS} runs per route (${PROVINCE_RUNS} for the province)`);
  const results: Result[] = [];
  // One untimed round first: the first request of each kind warms Nest's route and the database's caches.
  for (const warm of [get('/health'), get(`/api/v1/funds/${t.countyFund}`), sql]) await warm();
  results.push(await timed('baseline GET /health', RUNS, get('/health')));
  results.push(await timed('baseline SQL SUM of the county postings', RUNS, sql));
  results.push(await timed('GET /api/v1/funds/:id (exists today)', RUNS, get(`/api/v1/funds/${t.countyFund}`)));
  results.push(
    await timed('trace fund → county', RUNS, get(`/api/v1/audit/trace/funds/${t.fund}?regionCode=${t.county}`)),
  );
  if (t.asset) results.push(await timed('trace asset', RUNS, get(`/api/v1/audit/trace/assets/${t.asset}`)));
  results.push(await timed('findings county', RUNS, get(`/api/v1/audit/findings?regionCode=${t.county}`)));
  results.push(await timed('findings province', PROVINCE_RUNS, get(`/api/v1/audit/findings?regionCode=${t.province}`)));
  results.push(
    await timed('reconcile county-year', RUNS, get(`/api/v1/audit/reconcile?regionCode=${t.county}&year=${t.year}`)),
  );
  const health = results[0].p50!;
  const sum = results[1].p50!;
  for (const r of results) {
    const figures =
      r.status === 'ok'
        ? `p50 ${r.p50!.toFixed(1).padStart(8)} ms  p95 ${r.p95!.toFixed(1).padStart(8)} ms  ` +
          `×health ${(r.p50! / health).toFixed(1).padStart(7)}  ×SQL sum ${(r.p50! / sum).toFixed(1).padStart(7)}`
        : `NOT MEASURED: answered HTTP ${r.status}`;
    console.log(`${r.name.padEnd(42)} ${figures}`);
  }
  await app.close();
  if (results.some((r) => r.status !== 'ok')) process.exitCode = 2;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
