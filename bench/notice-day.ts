/**
 * Notice day: 200 phones at once on a published notice — its page (/public/notices/:id), its PDF and
 * its inclusion proof at a fixed size — against the same PDF bytes served as a static file by the same
 * process in the same run (bench/support/static-route.js: express.static, and a bare handler from
 * memory). No client sends If-None-Match: each request is a first visit, the worst case for the server.
 * Then the PDF with the cache off (PDF_CACHE_MB=0, a second instance on the same database) to show what
 * rendering once buys, and a revalidating phone (If-None-Match → 304). Exits 1 on any error or non-2xx/304.
 *
 *   npm run bench:notice-day     (builds dist/; BENCH_SECONDS=10, BENCH_CONNECTIONS=200)
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, openBenchDatabase } from './support/bench-database';
import { apiClient, RunningApp, startApp } from './support/bench-http';
import { prepare } from './support/disburse-load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);

interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  kbPerRequest: number;
  bad: number;
}

async function run(name: string, base: string, paths: string[], headers: Record<string, string> = {}) {
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 30,
    requests: paths.map((path) => ({ method: 'GET', path, headers })),
  });
  const expected = headers['if-none-match'] ? 304 : 200;
  const good = (result as unknown as Record<string, number>)[expected === 304 ? '3xx' : '2xx'] ?? 0;
  const total = good + result.non2xx - (expected === 304 ? (result as unknown as Record<string, number>)['3xx'] : 0);
  const answered = Math.max(total, 1);
  const figures: Figures = {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    kbPerRequest: (result as unknown as { throughput: { total: number } }).throughput.total / answered / 1024,
    bad: result.errors + result.timeouts + (total - good),
  };
  process.stderr.write(`${JSON.stringify(figures)}\n`);
  return figures;
}

async function main(): Promise<boolean> {
  const db = await openBenchDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'sl-bench-data-'));
  const staticDir = await mkdtemp(join(tmpdir(), 'sl-bench-static-'));
  const adminToken = `bench-admin-${randomBytes(16).toString('hex')}`;
  const env = {
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    ADMIN_TOKEN: adminToken,
    LOG_LEVEL: 'warn',
    CHECKPOINT_INTERVAL_SECONDS: '0',
    BENCH_STATIC_DIR: staticDir,
  };
  const preload = ['-r', join(__dirname, 'support', 'static-route.js')];
  const apps: RunningApp[] = [];
  try {
    apps.push(await startApp(env, ['--max-semi-space-size=64', ...preload]));
    const base = apps[0].base;
    const targets = await prepare(base, adminToken);
    const call = apiClient(base);
    const { book, projectId, financeToken } = targets[0];
    const notices = await call<{ items: Array<{ id: string; seq: number; type: string }> }>(
      financeToken,
      'GET',
      `/notices?projectId=${projectId}&type=approval`,
    );
    const notice = notices.items[0];
    const checkpoint = await call<{ treeSize: number }>(financeToken, 'POST', '/ledger/checkpoints', { book });
    const pdfPath = `/api/v1/notices/${notice.id}/pdf`;
    const pdf = Buffer.from(await (await fetch(`${base}${pdfPath}`)).arrayBuffer());
    await writeFile(join(staticDir, 'notice.pdf'), pdf);
    const pagePath = `/public/notices/${notice.id}`;
    const proofPath = `/api/v1/ledger/proofs/inclusion?book=${book}&seq=${notice.seq}&size=${checkpoint.treeSize}`;
    const etag = (await fetch(`${base}${pdfPath}`)).headers.get('etag')!;

    // Warm-up: the JIT, the pool, the cached PDF.
    await autocannon({
      url: base,
      connections: 50,
      duration: 3,
      requests: [pagePath, pdfPath, proofPath].map((path) => ({ method: 'GET', path })),
    });
    const rows: Figures[] = [];
    rows.push(await run('static file, express.static', base, ['/bench-static/notice.pdf']));
    rows.push(await run('static bytes, bare handler', base, ['/bench-bytes/notice.pdf']));
    rows.push(await run('notice PDF (rendered once)', base, [pdfPath]));
    rows.push(await run('notice page', base, [pagePath]));
    rows.push(await run('inclusion proof (fixed size)', base, [proofPath]));
    rows.push(await run('page + PDF + proof, round robin', base, [pagePath, pdfPath, proofPath]));
    rows.push(await run('notice PDF, If-None-Match → 304', base, [pdfPath], { 'if-none-match': etag }));
    rows.push(await run('static file again (drift check)', base, ['/bench-static/notice.pdf']));
    await apps.shift()!.stop();
    apps.push(await startApp({ ...env, PDF_CACHE_MB: '0' }, ['--max-semi-space-size=64', ...preload]));
    rows.push(await run('notice PDF, cache off (PDF_CACHE_MB=0)', apps[0].base, [pdfPath]));

    const staticRps = Math.max(rows[0].rps, rows[rows.length - 2].rps);
    const bytesRps = rows[1].rps;
    const lines = [
      `machine: ${machine()}; ${db.serverVersion}; ${CONNECTIONS} connections, ${SECONDS} s per row`,
      `notice: approval notice, PDF ${(pdf.length / 1024).toFixed(1)} KB`,
      '',
      '| what | requests/s | p50 | p99 | KB/answer | vs express.static | vs bare bytes | errors |',
      '|---|---|---|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${Math.round(r.rps)} | ${r.p50} ms | ${r.p99} ms | ${r.kbPerRequest.toFixed(1)} | ` +
          `${((100 * r.rps) / staticRps).toFixed(0)} % | ${((100 * r.rps) / bytesRps).toFixed(0)} % | ${r.bad} |`,
      ),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return rows.some((r) => r.bad > 0);
  } finally {
    for (const app of apps) await app.stop();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(staticDir, { recursive: true, force: true });
  }
}

main().then(
  (failed) => process.exit(failed ? 1 : 0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
