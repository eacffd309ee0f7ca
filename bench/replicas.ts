/**
 * Notice day with and without a read replica, in one run: a primary and a streaming replica of it (Debian's
 * PostgreSQL, bench/../test/support/scratch-cluster.ts), the service on the primary alone, then the same service
 * with DATABASE_REPLICA_URLS set, each under bench/notice-day.ts's round robin of a notice's page, its PDF and its
 * inclusion proof (200 connections). Besides requests/s and p99: the database transactions each server ran during
 * the run (pg_stat_database), which is where the reads went, and what one replica probe costs (the round trip each
 * read would pay if ReadRouter did not keep the replica's state for REPLICA_CHECK_MS). Exits 1 on any bad answer.
 *
 *   npm run bench:replicas     (builds dist/; BENCH_SECONDS=10, BENCH_CONNECTIONS=200)
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { migrate } from '../src/database/migrate';
import { ScratchCluster, startScratchCluster, startStandby } from '../test/support/scratch-cluster';
import { machine } from './support/bench-database';
import { apiClient, RunningApp, startApp } from './support/bench-http';
import { prepare } from './support/disburse-load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);

async function query<T>(url: string, sql: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Transactions the server has run in database `ledger` so far (commits and rollbacks). */
async function transactions(server: ScratchCluster): Promise<number> {
  const [row] = await query<{ n: string }>(
    server.url(),
    `SELECT (xact_commit + xact_rollback)::text AS n FROM pg_stat_database WHERE datname = 'ledger'`,
  );
  return Number(row.n);
}

async function load(name: string, base: string, paths: string[], servers: ScratchCluster[]) {
  const before = await Promise.all(servers.map(transactions));
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 30,
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  const after = await Promise.all(servers.map(transactions));
  const perSecond = after.map((n, i) => (n - before[i]) / SECONDS);
  const row = {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    primaryTps: perSecond[0],
    replicaTps: perSecond[1],
    bad: result.errors + result.timeouts + result.non2xx,
  };
  process.stderr.write(`${JSON.stringify(row)}\n`);
  return row;
}

/** Mean round trip of the probe ReadRouter sends a replica, over 500 sequential calls on one connection. */
async function probeMs(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const sql = `SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replay,
                        extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS since`;
    for (let i = 0; i < 50; i++) await c.query(sql);
    const t0 = performance.now();
    for (let i = 0; i < 500; i++) await c.query(sql);
    return (performance.now() - t0) / 500;
  } finally {
    await c.end();
  }
}

/**
 * What the replica alone answers: pgbench's select-only script (a primary-key read per transaction) on the
 * replica, 16 clients, as a ceiling for docs/scaling.md. Its tables are made on the primary and replicated.
 */
async function pgbenchCeiling(primary: ScratchCluster, standby: ScratchCluster): Promise<number> {
  const pgbench = join(primary.binDir, 'pgbench');
  await query(primary.url(), 'CREATE DATABASE pgbench');
  await promisify(execFile)(pgbench, ['-i', '-s', '5', '-q', primary.url('pgbench')]);
  const [{ lsn }] = await query<{ lsn: string }>(primary.url(), 'SELECT pg_current_wal_lsn()::text AS lsn');
  for (let caughtUp = false; !caughtUp; await new Promise((r) => setTimeout(r, 200))) {
    const [row] = await query<{ ok: boolean }>(standby.url(), `SELECT pg_last_wal_replay_lsn() >= '${lsn}' AS ok`);
    caughtUp = row.ok;
  }
  const { stdout } = await promisify(execFile)(pgbench, [
    '-S',
    '-n',
    '-c',
    '16',
    '-j',
    '2',
    '-T',
    String(SECONDS),
    standby.url('pgbench'),
  ]);
  const m = /tps = ([\d.]+)/.exec(stdout);
  return m ? Number(m[1]) : NaN;
}

async function main(): Promise<boolean> {
  const primary = await startScratchCluster({ shared_buffers: '256MB', max_connections: '200' });
  let standby: ScratchCluster | undefined;
  const dataDir = await mkdtemp(join(tmpdir(), 'sl-bench-data-'));
  const adminToken = `bench-admin-${randomBytes(16).toString('hex')}`;
  const apps: RunningApp[] = [];
  try {
    await query(primary.url(), 'CREATE DATABASE ledger');
    await migrate(primary.url('ledger'));
    standby = await startStandby(primary, { shared_buffers: '256MB', max_connections: '200' });
    const env = {
      DATABASE_URL: primary.url('ledger'),
      DATA_DIR: dataDir,
      ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'warn',
      CHECKPOINT_INTERVAL_SECONDS: '0',
    };
    apps.push(await startApp(env, ['--max-semi-space-size=64']));
    const base = apps[0].base;
    const targets = await prepare(base, adminToken);
    const call = apiClient(base);
    const { book, projectId, financeToken } = targets[0];
    const notices = await call<{ items: Array<{ id: string; seq: number }> }>(
      financeToken,
      'GET',
      `/notices?projectId=${projectId}&type=approval`,
    );
    const notice = notices.items[0];
    const checkpoint = await call<{ treeSize: number }>(financeToken, 'POST', '/ledger/checkpoints', { book });
    const paths = [
      `/public/notices/${notice.id}`,
      `/api/v1/notices/${notice.id}/pdf`,
      `/api/v1/ledger/proofs/inclusion?book=${book}&seq=${notice.seq}&size=${checkpoint.treeSize}`,
    ];
    const warm = (url: string) =>
      autocannon({ url, connections: 50, duration: 3, requests: paths.map((path) => ({ method: 'GET', path })) });
    await warm(base);
    const servers = [primary, standby];
    const rows = [await load('primary only', base, paths, servers)];
    const withReplica = await startApp(
      { ...env, DATABASE_REPLICA_URLS: standby.url('ledger'), REPLICA_MAX_LAG_SECONDS: '5' },
      ['--max-semi-space-size=64'],
    );
    apps.push(withReplica);
    await warm(withReplica.base);
    rows.push(await load('primary + 1 replica', withReplica.base, paths, servers));
    await apps.shift()!.stop(); // the primary-only instance must not take the CPU of the next row
    rows.push(await load('primary + 1 replica (again, drift check)', withReplica.base, paths, servers));
    await apps.shift()!.stop();
    apps.push(await startApp(env, ['--max-semi-space-size=64']));
    await warm(apps[0].base);
    rows.push(await load('primary only (again, drift check)', apps[0].base, paths, servers));
    const probe = await probeMs(standby.url('ledger'));
    for (const app of apps.splice(0)) await app.stop();
    const ceiling = await pgbenchCeiling(primary, standby);

    const lines = [
      `machine: ${machine()}; PostgreSQL servers from ${primary.binDir}; ` +
        `${CONNECTIONS} connections, ${SECONDS} s per row`,
      'load: page + PDF + inclusion proof of one approval notice, round robin (bench/notice-day.ts)',
      '',
      '| what | requests/s | p50 | p99 | primary xact/s | replica xact/s | xact/request | errors |',
      '|---|---|---|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${Math.round(r.rps)} | ${r.p50} ms | ${r.p99} ms | ${Math.round(r.primaryTps)} | ` +
          `${Math.round(r.replicaTps)} | ${((r.primaryTps + r.replicaTps) / r.rps).toFixed(2)} | ${r.bad} |`,
      ),
      '',
      `one replica probe (REPLICA_CHECK_MS keeps its answer): ${probe.toFixed(3)} ms round trip`,
      `the replica alone, pgbench -S (16 clients, primary-key reads): ${Math.round(ceiling)} transactions/s`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return rows.some((r) => r.bad > 0);
  } finally {
    for (const app of apps) await app.stop();
    await standby?.destroy();
    await primary.destroy();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (failed) => process.exit(failed ? 1 : 0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
