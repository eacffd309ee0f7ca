/**
 * Open data on a generated province (npm run generate): the service runs as a child process (dist/main.js, as
 * `npm start`) on DATABASE_URL, and this process downloads, one after the other,
 *   the OCDS release package of the whole province (a region's releases over up to ten years, streamed),
 *   the Fiscal Data Package zip of the county with most entries, for its latest year,
 * timing the first byte and the whole body and reading the server's peak RSS (VmHWM in /proc/<pid>/status)
 * before and after. Baseline in the same run: the same entries selected bare (psql \copy of their rows to
 * /dev/null), what reading them costs at the least.
 *
 *   DATABASE_URL=postgres://…/province npm run bench:open-data     (BENCH_REGION=<code> for another region,
 *   BENCH_NODE_ARGS='' to run the server without npm start's --max-semi-space-size=64)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { Client } from 'pg';
import { machine } from './support/bench-database';
import { startApp } from './support/bench-http';

const OCDS_TYPES = `'project.applied','project.reviewed','project.approved','project.started','project.completed',
  'project.accepted','project.cancelled','disbursement.paid','entry.reversed','notice.published','asset.registered'`;

/** VmHWM (peak resident set) and VmRSS of a process, in MB. */
function memory(pid: number): { peak: number; rss: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peak: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 };
}

interface Download {
  status: number;
  bytes: number;
  firstByteMs: number;
  totalMs: number;
}

function download(url: string): Promise<Download> {
  const start = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - start) / 1e6;
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let bytes = 0;
      let firstByteMs = 0;
      res.on('data', (chunk: Buffer) => {
        if (!bytes) firstByteMs = ms();
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, firstByteMs, totalMs: ms() }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** Wall time of a psql statement, its output thrown away. */
function psqlMs(url: string, sql: string): number {
  const start = process.hrtime.bigint();
  const run = spawnSync('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`psql failed: ${run.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL of a generated province is required');
  const db = new Client({ connectionString: url });
  await db.connect();
  const region =
    process.env.BENCH_REGION ??
    (await db.query(`SELECT code FROM region WHERE code LIKE '__0000000000' AND code <> '000000000000' LIMIT 1`))
      .rows[0].code;
  const prefix = region.replace(/0+$/, '');
  const [{ to }] = (
    await db.query(`SELECT max(occurred_on)::text AS to FROM journal_entry WHERE book LIKE $1`, [`${prefix}%`])
  ).rows;
  const from = `${Number(to.slice(0, 4)) - 9}-01-01`;
  const same = `FROM journal_entry e JOIN project p
      ON p.id = (SELECT substr(s, 9)::uuid FROM unnest(e.subjects) s WHERE s LIKE 'project:%' LIMIT 1)
     AND p.approved_on IS NOT NULL
   WHERE e.book LIKE '${prefix}%' AND e.type IN (${OCDS_TYPES}) AND e.occurred_on BETWEEN '${from}' AND '${to}'`;
  const releases = Number((await db.query(`SELECT count(*)::int AS n ${same}`)).rows[0].n);
  const [county] = (
    await db.query(
      `SELECT book, max(occurred_on) AS last FROM journal_entry WHERE book LIKE $1 AND book NOT LIKE '____00000000'
        GROUP BY book ORDER BY count(*) DESC LIMIT 1`,
      [`${prefix}%`],
    )
  ).rows;
  const year = new Date(county.last).getFullYear();
  const entries = Number((await db.query(`SELECT count(*)::int AS n FROM journal_entry`)).rows[0].n);
  await db.end();

  const baselineMs = psqlMs(url, `\\copy (SELECT e.book, e.seq, e.recorded_at, e.body, p.name ${same}) TO '/dev/null'`);
  // The flags of `npm start` unless BENCH_NODE_ARGS says otherwise (e.g. '' to see V8's default young generation).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '--max-semi-space-size=64').split(' ').filter(Boolean);
  const app = await startApp({ DATABASE_URL: url, LOG_LEVEL: 'warn', CHECKPOINT_INTERVAL_SECONDS: '0' }, nodeArgs);
  try {
    const pid = app.child.pid!;
    const idle = memory(pid);
    let highest = idle.rss;
    const sampler = setInterval(() => (highest = Math.max(highest, memory(pid).rss)), 100);
    // A one-year package first: if memory is flat, the ten-year package leaves the peak where this one did.
    const releasesOf = (since: string) =>
      download(`${app.base}/api/v1/open-data/ocds/releases?regionCode=${region}&from=${since}&to=${to}`);
    const oneYear = await releasesOf(`${to.slice(0, 4)}-01-01`);
    const afterOneYear = memory(pid);
    const ocds = await releasesOf(from);
    const afterOcds = memory(pid);
    // Twice more: a peak that stays put is the heap's headroom, one that climbs would be memory held.
    const again = [];
    for (let i = 0; i < 2; i++) again.push({ ...(await releasesOf(from)), peak: memory(pid).peak });
    const fdp = await download(`${app.base}/api/v1/open-data/fdp/${county.book}/${year}.zip`);
    clearInterval(sampler);
    const afterFdp = memory(pid);
    const mb = (n: number) => n.toFixed(0);
    const lines = [
      `machine: ${machine()}; server flags: ${nodeArgs.join(' ') || 'none'}`,
      `database: ${entries} journal entries; region ${region}, ${from} … ${to}`,
      `server RSS idle ${mb(idle.rss)} MB (VmHWM ${mb(idle.peak)} MB at start)`,
      '',
      '| what | status | rows | first byte | total | rows/s | MB out | server VmHWM after |',
      '|---|---|---|---|---|---|---|---|',
      `| OCDS release package, ${region}, ${to.slice(0, 4)} only | ${oneYear.status} | – | ` +
        `${oneYear.firstByteMs.toFixed(0)} ms | ${(oneYear.totalMs / 1000).toFixed(2)} s | – | ` +
        `${(oneYear.bytes / 1e6).toFixed(1)} | ${mb(afterOneYear.peak)} MB |`,
      `| OCDS release package, ${region}, ten years | ${ocds.status} | ${releases} | ` +
        `${ocds.firstByteMs.toFixed(0)} ms | ` +
        `${(ocds.totalMs / 1000).toFixed(2)} s | ${Math.round(releases / (ocds.totalMs / 1000))} | ` +
        `${(ocds.bytes / 1e6).toFixed(1)} | ${mb(afterOcds.peak)} MB |`,
      ...again.map(
        (d, i) =>
          `| the same, again (${i + 2}) | ${d.status} | ${releases} | ${d.firstByteMs.toFixed(0)} ms | ` +
          `${(d.totalMs / 1000).toFixed(2)} s | ${Math.round(releases / (d.totalMs / 1000))} | ` +
          `${(d.bytes / 1e6).toFixed(1)} | ${mb(d.peak)} MB |`,
      ),
      `| baseline: the same rows, bare SELECT to /dev/null (psql) | – | ${releases} | – | ` +
        `${(baselineMs / 1000).toFixed(2)} s | ${Math.round(releases / (baselineMs / 1000))} | – | – |`,
      `| FDP zip, ${county.book} ${year} | ${fdp.status} | – | ${fdp.firstByteMs.toFixed(0)} ms | ` +
        `${(fdp.totalMs / 1000).toFixed(2)} s | – | ${(fdp.bytes / 1e6).toFixed(2)} | ${mb(afterFdp.peak)} MB |`,
      '',
      `highest sampled RSS during the downloads: ${mb(highest)} MB`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await app.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
