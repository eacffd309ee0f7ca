/**
 * A/B of HTTP disbursement throughput between two builds, for machines whose speed drifts from
 * minute to minute (docs/benchmarks.md): both services run side by side, each on its own embedded
 * server and database with the same data (support/disburse-load.ts), and take the load in turns —
 * short slices, A B B A … — so that a slow minute hits both. Only one of them is loaded at a time.
 *
 *   git worktree add /tmp/base <commit> && (cd /tmp/base && ln -s "$PWD/node_modules" . && npx nest build)
 *   npm run build && AB_A=/tmp/base npx ts-node --transpile-only bench/disburse-ab.ts
 *
 * Besides req/s, each side's app CPU ms per request (from /proc), which a busy neighbour moves less.
 *
 * AB_A, AB_B: the checkouts (built: dist/main.js); B defaults to this one. AB_ROUNDS=10 slices
 * each, AB_AMOUNT=1600 requests per slice, 16 connections. AB_TCP=1,0 makes A (or B: 0,1) reach
 * PostgreSQL over TCP rather than the embedded server's Unix socket, as builds before it did.
 * AB_ARGS='<A's node flags>|<B's>' adds flags to a side (AB_A may then be this checkout too), e.g.
 * AB_ARGS='|--single-threaded-gc'.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchDatabase, machine, openBenchDatabase } from './support/bench-database';
import { RunningApp, startApp } from './support/bench-http';
import { load, prepare, Target } from './support/disburse-load';
import { processCpuMs } from './support/server-cpu';

const ROOTS = [process.env.AB_A, process.env.AB_B ?? join(__dirname, '..')];
const TCP = (process.env.AB_TCP ?? '0,0').split(',').map((x) => x === '1');
const ROUNDS = Number(process.env.AB_ROUNDS ?? 10);
const AMOUNT = Number(process.env.AB_AMOUNT ?? 1600);
const ARGS = [0, 1].map((k) => (process.env.AB_ARGS ?? '').split('|')[k]?.split(' ').filter(Boolean) ?? []);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  if (!ROOTS[0]) throw new Error('AB_A must name the checkout to compare with');
  const dbs: BenchDatabase[] = [];
  const dirs: string[] = [];
  const apps: RunningApp[] = [];
  try {
    const sides: Array<{ base: string; targets: Target[]; pid: number | undefined }> = [];
    for (const [k, root] of ROOTS.entries()) {
      const db = await openBenchDatabase();
      dbs.push(db);
      const url = new URL(db.url);
      if (TCP[k]) url.searchParams.delete('host');
      const dataDir = await mkdtemp(join(tmpdir(), 'sl-bench-data-'));
      dirs.push(dataDir);
      const adminToken = `bench-admin-${randomBytes(16).toString('hex')}`;
      const app = await startApp(
        { DATABASE_URL: url.toString(), DATA_DIR: dataDir, ADMIN_TOKEN: adminToken, LOG_LEVEL: 'warn' },
        ['--max-semi-space-size=64', ...ARGS[k]],
        root,
      );
      apps.push(app);
      const targets = await prepare(app.base, adminToken);
      await load([app.base], targets, 2400, 'warm');
      sides.push({ base: app.base, targets, pid: app.child.pid });
    }
    const rates: number[][] = [[], []];
    const cpuPerRequest: number[][] = [[], []];
    let failures = 0;
    for (let r = 0; r < ROUNDS; r++) {
      for (const k of r % 2 ? [1, 0] : [0, 1]) {
        const cpu = processCpuMs(sides[k].pid);
        const run = await load([sides[k].base], sides[k].targets, AMOUNT, `ab${r}`);
        failures += run.non2xx + run.errors + run.timeouts;
        rates[k].push(run.ok / run.seconds);
        cpuPerRequest[k].push((processCpuMs(sides[k].pid) - cpu) / run.ok);
      }
    }
    const ratios = rates[1].map((b, i) => b / rates[0][i]);
    const lines = [
      `machine      ${machine()}; PostgreSQL ${dbs[0].serverVersion}; ` +
        `${ROUNDS} rounds of ${AMOUNT} requests each, 16 connections`,
      ...ROOTS.map(
        (root, k) =>
          `${'AB'[k]} req/s     ${rates[k].map((x) => x.toFixed(0)).join(' ')}  ` +
          `median ${median(rates[k]).toFixed(0)}  (${[root, ...ARGS[k], ...(TCP[k] ? ['TCP'] : [])].join(' ')})`,
      ),
      ...ROOTS.map(
        (_, k) =>
          `${'AB'[k]} app cpu   ${cpuPerRequest[k].map((x) => x.toFixed(2)).join(' ')}  ` +
          `median ${median(cpuPerRequest[k]).toFixed(2)} ms/request`,
      ),
      `B/A cpu      median ratio of app CPU per request ` +
        `${median(cpuPerRequest[1].map((b, i) => b / cpuPerRequest[0][i])).toFixed(3)}`,
      `B/A          median ratio ${median(ratios).toFixed(3)}; ` +
        `B ahead in ${ratios.filter((x) => x > 1).length} of ${ROUNDS} rounds; non-2xx or errors ${failures}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
    if (failures) process.exitCode = 1;
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    for (const db of dbs) await db.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
