/**
 * HTTP disbursement throughput: the real service in its own process, 16 autocannon connections
 * posting `POST /api/v1/projects/:id/disbursements` (kind progress, small amounts, each with its
 * own Idempotency-Key and voucher number) round-robin over 16 projects in 4 county books.
 *
 *   npm run bench:disburse     (builds dist/ and runs dist/main.js as `npm start` does; BENCH_ENTRY=src
 *                               for src/main.ts under ts-node; BENCH_SECONDS=15, BENCH_CONNECTIONS=16,
 *                               BENCH_DATABASE_URL=optional,
 *                               BENCH_IDEMPOTENCY=0 to send no Idempotency-Key,
 *                               BENCH_ROOT=<checkout> to run that checkout's build (dist/) instead,
 *                               BENCH_INSTANCES=2 to run two instances of the service on the one
 *                               database, the connections split between them)
 *
 * Beside it, on the same PostgreSQL server and with the app idle, the raw single-row INSERT
 * baseline (support/raw-insert.ts: BENCH_CONNECTIONS clients, autocommit, BENCH_RAW_SECONDS=5),
 * run before and after the load; payments/s are printed as a share of the faster of the two.
 *
 * Afterwards the ledger must agree: as many disbursement entries as 2xx answers, every book's
 * chain verifies, every fund's amounts add up. Exits 1 otherwise, or on any non-2xx answer.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { machine, openBenchDatabase } from './support/bench-database';
import { apiClient, RunningApp, startApp } from './support/bench-http';
import { load, pct, prepare } from './support/disburse-load';
import { measureRawInserts } from './support/raw-insert';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const IDEMPOTENCY = process.env.BENCH_IDEMPOTENCY !== '0';
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 1);
const RAW_SECONDS = Number(process.env.BENCH_RAW_SECONDS ?? 5);
const options = { connections: CONNECTIONS, idempotency: IDEMPOTENCY };

const procTicks = (pid: number): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0; // gone meanwhile
  }
};
const parentOf = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
};

/** Nanoseconds the app's main thread (its event loop) has run, and has waited runnable for a CPU. */
const schedstat = (pid: number): { ran: number; waited: number } => {
  try {
    const [ran, waited] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ').map(Number);
    return { ran, waited };
  } catch {
    return { ran: 0, waited: 0 };
  }
};

/**
 * CPU ticks of the machine, of the app process and of the PostgreSQL server (postmaster and its
 * children). On a shared machine requests/s says little; CPU time per request travels better.
 */
function ticks(
  appPids: number[],
  postmaster: number,
): { busy: number; total: number; app: number; pg: number; bench: number; loopWaited: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  const children = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return parentOf(pid) === postmaster;
      } catch {
        return false;
      }
    });
  const pg = [postmaster, ...children].reduce((a, pid) => a + procTicks(pid), 0);
  const loopWaited = appPids.reduce((a, pid) => a + schedstat(pid).waited, 0);
  return {
    busy: total - cpu[3] - (cpu[4] ?? 0),
    total,
    app: appPids.reduce((a, pid) => a + procTicks(pid), 0),
    pg,
    bench: procTicks(process.pid),
    loopWaited,
  };
}

async function main(): Promise<void> {
  const db = await openBenchDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'sl-bench-data-'));
  const adminToken = `bench-admin-${randomBytes(16).toString('hex')}`;
  // BENCH_PROFILE=<dir>: the app writes a V8 CPU profile there when it stops.
  // BENCH_QUERIES=1: the app counts its SQL statements and prints them when it stops.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const queries = process.env.BENCH_QUERIES === '1' ? ['-r', join(__dirname, 'support', 'count-queries.js')] : [];
  const pg = new Client({ connectionString: db.url });
  const apps: RunningApp[] = [];
  let failed = true;
  // Whatever fails (the app not starting, a preparation step), the servers and temp dirs go.
  try {
    // One after the other: the first creates the admin user and the signing key the others find.
    for (let k = 0; k < INSTANCES; k++) {
      apps.push(
        await startApp(
          {
            DATABASE_URL: db.url,
            DATA_DIR: dataDir,
            ADMIN_TOKEN: adminToken,
            LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
          },
          ['--max-semi-space-size=64', ...profile, ...queries],
          process.env.BENCH_ROOT,
        ),
      ); // as npm start runs it
    }
    const app = apps[0];
    const bases = apps.map((a) => a.base);
    await pg.connect();
    const targets = await prepare(app.base, adminToken);
    const rawBefore = await measureRawInserts(db.url, CONNECTIONS, RAW_SECONDS);
    // Warm-up (the JIT, the pool, the caches), then a short run whose rate sizes the measured one.
    const warm = await load(bases, targets, 1600, 'warm', options);
    const calibration = await load(bases, targets, 800, 'calibration', options);
    const rate = calibration.ok / calibration.seconds;
    const amount = Math.max(2000, Math.round(rate * SECONDS));
    const [{ pid: backend }] = (await pg.query('SELECT pg_backend_pid() AS pid')).rows;
    const postmaster = parentOf(backend);
    const pids = apps.map((a) => a.child.pid!);
    const before = ticks(pids, postmaster);
    const main = await load(bases, targets, amount, 'main', options);
    const { seconds } = main;
    const after = ticks(pids, postmaster);
    const rawAfter = await measureRawInserts(db.url, CONNECTIONS, RAW_SECONDS);
    const raw = rawBefore.perSecond >= rawAfter.perSecond ? rawBefore : rawAfter;

    const [{ n: entries }] = (
      await pg.query(`SELECT count(*)::int AS n FROM journal_entry WHERE type = 'disbursement.paid'`)
    ).rows;
    const call = apiClient(app.base);
    const books = [...new Set(targets.map((t) => t.book))];
    const verified = await Promise.all(
      books.map((b) => call<{ ok: boolean; entries: number }>(adminToken, 'GET', `/ledger/verify?book=${b}`)),
    );
    const funds = (
      await call<{ items: Array<Record<string, string>> }>(
        adminToken,
        'GET',
        '/funds?regionCode=411100000000&limit=100',
      )
    ).items;
    const fen = (s: string) => BigInt(s.replace('.', ''));
    const fundsAddUp = funds.every(
      (f) => fen(f.available) + fen(f.allocatedDown) + fen(f.committed) + fen(f.disbursed) === fen(f.amount),
    );

    const ok2xx = warm.ok + calibration.ok + main.ok;
    const non2xx = warm.non2xx + calibration.non2xx + main.non2xx + main.errors + main.timeouts;
    const cpuHost = (100 * (after.busy - before.busy)) / (after.total - before.total);
    const perCore = (after.total - before.total) / cpus().length;
    const cpuApp = (100 * (after.app - before.app)) / perCore;
    const cpuPg = (100 * (after.pg - before.pg)) / perCore;
    const cpuBench = (100 * (after.bench - before.bench)) / perCore;
    // Jiffies are 10 ms: CPU milliseconds per answered request, and what two idle cores would give.
    const msPerRequest = ((after.app - before.app + after.pg - before.pg) * 10) / main.ok;
    // The app's share alone: its one event loop is what limits requests/s (docs/benchmarks.md).
    const appMsPerRequest = ((after.app - before.app) * 10) / main.ok;
    // Time the event loop was ready to run but another process had the core (PostgreSQL, this load
    // generator, anything else on the machine): lost to throughput although it is not the app's CPU.
    const loopWaitedPct = (100 * (after.loopWaited - before.loopWaited)) / 1e9 / INSTANCES / seconds;
    const lines = [
      `machine      ${machine()}; PostgreSQL ${db.serverVersion}`,
      `load         ${CONNECTIONS} connections, ${targets.length} projects in ${books.length} county books, ` +
        `Idempotency-Key ${IDEMPOTENCY ? 'on every request' : 'off'}, ` +
        `${INSTANCES} instance${INSTANCES > 1 ? 's' : ''} of the service`,
      `requests     ${main.ok} answered 2xx in ${seconds.toFixed(2)} s (after ${warm.ok + calibration.ok} to warm up)`,
      `throughput   ${(main.ok / seconds).toFixed(0)} requests/s`,
      `raw INSERT   ${raw.perSecond.toFixed(0)}/s on ${CONNECTIONS} connections, autocommit, ` +
        `p99 ${raw.p99Ms.toFixed(1)} ms ` +
        `(before ${rawBefore.perSecond.toFixed(0)}/s, after ${rawAfter.perSecond.toFixed(0)}/s)`,
      `share        payments/s are ${((100 * main.ok) / seconds / raw.perSecond).toFixed(1)} % of raw INSERTs/s`,
      `latency      p50 ${pct(main.latencies, 0.5).toFixed(1)} ms, p99 ${pct(main.latencies, 0.99).toFixed(1)} ms, ` +
        `max ${main.latencies.at(-1)?.toFixed(1)} ms`,
      `errors       non-2xx ${main.non2xx}, socket errors ${main.errors}, timeouts ${main.timeouts} ` +
        `(warm-up non-2xx ${warm.non2xx + calibration.non2xx})`,
      `cpu          machine ${cpuHost.toFixed(0)} % busy; the app${INSTANCES > 1 ? 's' : ''} ${cpuApp.toFixed(0)} % ` +
        `and PostgreSQL ${cpuPg.toFixed(0)} % of one core, the load generator (this process) ${cpuBench.toFixed(0)} %`,
      `event loop   waited for a CPU ${loopWaitedPct.toFixed(0)} % of the run${INSTANCES > 1 ? ' (per instance)' : ''}`,
      `cpu/request  ${msPerRequest.toFixed(2)} ms (app ${appMsPerRequest.toFixed(2)} + ` +
        `PostgreSQL ${(msPerRequest - appMsPerRequest).toFixed(2)}) → at most ` +
        `~${Math.round((cpus().length * 1000) / msPerRequest)} requests/s on ${cpus().length} idle cores`,
      `ledger       ${entries} disbursement entries for ${ok2xx} 2xx answers; ` +
        `chains ${verified.every((v) => v.ok) ? 'verify' : 'DO NOT verify'}; ` +
        `funds ${fundsAddUp ? 'add up' : 'DO NOT add up'}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
    failed = entries !== ok2xx || non2xx > 0 || !verified.every((v) => v.ok) || !fundsAddUp;
  } finally {
    await pg.end().catch(() => undefined);
    await Promise.all(apps.map((a) => a.stop()));
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  if (failed) {
    process.stderr.write('FAILED: the ledger does not agree with the answers, or some requests failed\n');
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
