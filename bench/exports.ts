/**
 * Full-province exports of the entries table through HTTP, the service in its own process (dist/main.js, as
 * `npm start`): for csv and xlsx, rows/s, time to the first body byte and the server's peak RSS (VmHWM from
 * /proc, a fresh process per format so each peak is that export's), and a baseline in the same run: the same rows
 * by `COPY (…) TO STDOUT` (pg-copy-streams) into nothing — what reading them from PostgreSQL costs at the least.
 * Then a download cut off after its first megabyte: the export must stop and give its connection back.
 *
 *   DATABASE_URL=postgres://…/province npm run bench:exports     (BENCH_TABLE=postings to export another table)
 */
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EXPORT_TABLES } from '../src/exports/tables';
import { machine } from './support/bench-database';
import { startApp } from './support/bench-http';

const DATABASE_URL = process.env.DATABASE_URL;
const TABLE = process.env.BENCH_TABLE ?? 'entries';
const TOKEN = 'bench-exports-admin-token-0001';
const MB = 1024 * 1024;

const kib = (pid: number, field: 'VmHWM' | 'VmRSS') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/** Reads a download to the end (or `limit` bytes), counting bytes and CRLF lines. */
async function fetchExport(url: string, limit = Infinity) {
  const started = performance.now();
  const controller = new AbortController();
  const res = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` }, signal: controller.signal });
  if (res.status !== 200) throw new Error(`${url} → ${res.status} ${await res.text()}`);
  let firstByte = 0;
  let bytes = 0;
  let lines = 0;
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!firstByte) firstByte = performance.now() - started;
    bytes += value.length;
    for (const b of value) if (b === 10) lines++;
    if (bytes >= limit) {
      controller.abort();
      break;
    }
  }
  return { firstByte, seconds: (performance.now() - started) / 1000, bytes, lines };
}

async function main() {
  if (!DATABASE_URL) throw new Error('set DATABASE_URL to a generated province (npm run generate)');
  const table = EXPORT_TABLES.get(TABLE);
  if (!table) throw new Error(`unknown table ${TABLE}`);
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const [{ code }] = (await db.query(`SELECT code FROM region WHERE level = 'province' ORDER BY code LIMIT 1`)).rows;
  const params = [`${code.slice(0, 2)}%`, null, null];
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM (${table.sql}) t`, params)).rows;
  console.log(`${machine()}\nprovince ${code}: ${n} ${TABLE} rows\n`);

  // Baseline: the rows alone, out of PostgreSQL as text, thrown away. COPY takes no parameters: inlined.
  const sql = table.sql.replaceAll('$1', `'${params[0]}'`).replaceAll('$2', 'NULL').replaceAll('$3', 'NULL');
  let copied = 0;
  const copyStart = performance.now();
  await pipeline(
    db.query(copyTo(`COPY (${sql}) TO STDOUT`)),
    new Writable({
      write(chunk: Buffer, _enc, done) {
        copied += chunk.length;
        done();
      },
    }),
  );
  const copySeconds = (performance.now() - copyStart) / 1000;
  console.log(
    `COPY baseline      ${(n / copySeconds).toFixed(0).padStart(8)} rows/s  ${copySeconds.toFixed(1)} s  ` +
      `${(copied / MB).toFixed(0)} MB`,
  );

  const env = { DATABASE_URL, ADMIN_TOKEN: TOKEN, CHECKPOINT_INTERVAL_SECONDS: '0', LOG_LEVEL: 'warn' };
  for (const format of ['csv', 'xlsx']) {
    const app = await startApp(env, ['--max-semi-space-size=64']);
    try {
      const pid = app.child.pid!;
      const idle = kib(pid, 'VmRSS');
      const r = await fetchExport(`${app.base}/api/v1/exports/${TABLE}.${format}?regionCode=${code}`);
      const peak = kib(pid, 'VmHWM');
      console.log(
        `HTTP ${format.padEnd(4)}          ${(n / r.seconds).toFixed(0).padStart(8)} rows/s  ` +
          `${r.seconds.toFixed(1)} s  ` +
          `${(r.bytes / MB).toFixed(0)} MB  first byte ${r.firstByte.toFixed(0)} ms  ` +
          `peak RSS ${(peak / 1024).toFixed(0)} MB (idle ${(idle / 1024).toFixed(0)} MB)` +
          (format === 'csv' ? `  lines ${r.lines} (= rows + header: ${r.lines === n + 1})` : ''),
      );
      {
        // A client that goes away: the cursor must close and the connection come back to the pool.
        await fetchExport(`${app.base}/api/v1/exports/${TABLE}.${format}?regionCode=${code}`, MB);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()
              AND (state LIKE 'idle in transaction%' OR state = 'active')`,
        );
        console.log(
          `${format} cut off after 1 MB: ${rows[0].n} connection(s) still in a transaction or query 1 s later`,
        );
      }
    } finally {
      await app.stop();
    }
  }
  await db.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
