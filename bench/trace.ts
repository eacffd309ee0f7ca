/**
 * Trace speed (issue 15): forward trace of the central fund down to one county, and back trace of an asset, on
 * a synthetic province of ~982,000 entries written straight into the journal tables (support/trace-province.sql).
 * `npm run bench:trace`; BENCH_DATABASE_URL picks a server (default: an embedded one). Prints p50/p95 in ms.
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { BackTraceService } from '../src/audit/trace/back-trace.service';
import { assetsByFundProject } from '../src/audit/trace/assets-of-funds';
import { disbursementsOf, treePostings } from '../src/audit/trace/forward-reads';
import { ForwardTraceService } from '../src/audit/trace/forward-trace.service';
import type { Actor } from '../src/auth/role';
import { dataSourceOptions } from '../src/database/data-source-options';
import { machine, openBenchDatabase, percentile } from './support/bench-database';
import { ReadRouter } from '../src/database/replicas/read-router';

const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const actor: Actor = { userId: 'bench', name: 'bench', role: 'auditor', regionCode: '410000000000' };
const countyOf = (n: number) =>
  `41${String(Math.floor(n / 10) + 1).padStart(2, '0')}${String((n % 10) + 1).padStart(2, '0')}000000`;

async function timed(label: string, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < Math.min(30, RUNS / 5); i++) await fn(i);
  const ms: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  const used = process.cpuUsage(cpu);
  const nodeMs = (used.user + used.system) / 1000 / RUNS;
  ms.sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(1);
  console.log(
    `${label}: p50 ${f(percentile(ms, 50))} ms, p95 ${f(percentile(ms, 95))} ms, max ${f(ms[ms.length - 1])} ms, ` +
      `Node CPU ${f(nodeMs)} ms/op (${RUNS} runs)`,
  );
}

async function main(): Promise<void> {
  // BENCH_TRACE_DB: an already built province (a database URL) to time again without building it anew.
  const reuse = process.env.BENCH_TRACE_DB;
  const db = reuse ? { url: reuse, serverVersion: '', close: async () => undefined } : await openBenchDatabase();
  const ds = await new DataSource(dataSourceOptions(db.url, 4)).initialize();
  try {
    const t0 = performance.now();
    if (!reuse) await ds.query(await readFile(join(__dirname, 'support/trace-province.sql'), 'utf8'));
    const [{ entries }] = await ds.query(`SELECT count(*)::int AS entries FROM journal_entry`);
    const [{ postings }] = await ds.query(`SELECT count(*)::int AS postings FROM journal_posting`);
    console.log(`${machine()}; ${db.serverVersion}`);
    console.log(
      `province: ${entries} entries, ${postings} postings, built in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    const forward = new ForwardTraceService(ReadRouter.primaryOnly(ds));
    const back = new BackTraceService(ReadRouter.primaryOnly(ds));
    const [{ root }] = await ds.query(
      `SELECT id AS root FROM fund WHERE parent_fund_id IS NULL AND source_level = 'central'`,
    );
    const one = await forward.trace(actor, root, { regionCode: countyOf(37) });
    const county = one.root.children[0].children[0];
    const countyPayments = county.projects.reduce((s, p) => s + p.payments.length, 0);
    const countyAssets = county.projects.reduce((s, p) => s + p.assets.length, 0);
    console.log(
      `one county's node: ${county.projects.length} projects, ${countyPayments} payments, ${countyAssets} assets; ` +
        `balanced ${one.balanced}`,
    );
    const books = ['410000000000', '410400000000', countyOf(37)];
    const funds: Array<{ id: string }> = await ds.query(
      `SELECT id FROM fund WHERE book = ANY($1) AND (parent_fund_id IS NOT NULL OR book = '410000000000')`,
      [books],
    );
    const projectIds = one.root.children[0].children[0].projects.map((p) => p.projectId);
    await timed('  part: tree postings (one county)', () =>
      treePostings(
        ds,
        books,
        funds.map((f) => f.id),
        undefined,
        true,
        [],
      ),
    );
    await timed('  part: payment descriptions (one county)', () => disbursementsOf(ds, projectIds));
    await timed('  part: assets (one county)', () =>
      assetsByFundProject(
        ds,
        funds.map((f) => f.id),
        projectIds,
      ),
    );
    await timed('forward trace, central fund → one county', (i) =>
      forward.trace(actor, root, { regionCode: countyOf((i * 37) % 100) }),
    );
    await timed('forward trace, same, payments=false', (i) =>
      forward.trace(actor, root, { regionCode: countyOf((i * 37) % 100), payments: 'false' }),
    );
    await timed('forward trace, same, asOf 2024-06-30', (i) =>
      forward.trace(actor, root, { regionCode: countyOf((i * 37) % 100), asOf: '2024-06-30' }),
    );
    const assets: Array<{ id: string }> = await ds.query(`SELECT id FROM asset ORDER BY id LIMIT 1000`);
    await timed('back trace of an asset', (i) => back.asset(actor, assets[(i * 7) % assets.length].id));
    const projects: Array<{ id: string }> = await ds.query(`SELECT id FROM project ORDER BY id LIMIT 1000`);
    await timed('back trace of a project', (i) => back.project(actor, projects[(i * 7) % projects.length].id));
  } finally {
    await ds.destroy();
    await db.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
