/**
 * Append throughput of the journal next to a raw single-row INSERT baseline, measured on the same
 * server in the same run, so the ratio says something even where absolute numbers do not travel.
 *
 *   npm run bench:append                      (BENCH_SECONDS=10, BENCH_DATABASE_URL=optional)
 *
 * npm runs it under Node with the flags `npm start` gives the service (--max-semi-space-size=64).
 *
 * Exits 1 if the journal lost, duplicated or skipped an acknowledged append.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { RunningPostgres, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { migrate } from '../src/database/migrate';
import { JournalService } from '../src/journal/journal.service';
import { receiveFund } from '../test/support/journal-fixtures';
import { RAW_BODY_BYTES, rawInsertSql, rawTableSql } from './support/raw-insert';
import { serverCpuMs } from './support/server-cpu';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const WORKERS = 16;
const ONE_BOOK = '411103000000';
const MANY_BOOKS = Array.from({ length: WORKERS }, (_, i) => `41${String(i + 1).padStart(2, '0')}00000000`);
/** Far more fen than a run can spend at 1 fen per entry, so no append fails on funds. */
const POOL = 10n ** 15n;

/** What the journal sends to PostgreSQL, observed from outside src/ by wrapping its QueryRunners. */
interface Wire {
  queries: number;
  commits: number;
  batchSizes: number[];
  /** Round-trip time of each batch statement (ms): the part of an append's latency spent in PostgreSQL. */
  batchMs: number[];
}
const newWire = (): Wire => ({ queries: 0, commits: 0, batchSizes: [], batchMs: [] });

interface Result {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  wire: Wire;
  nodeCpu: number;
  hostCpu: number;
  /** CPU ms the embedded server (postmaster and backends) used in the window; NaN for BENCH_DATABASE_URL. */
  serverCpuMs: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

/** The embedded server's postmaster, whose CPU (and its backends') the bench measures. */
let postmasterPid: number | undefined;

/** Busy and total jiffies of the whole machine: with 2 cores, who is saturated matters. */
function hostTicks(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((x, y) => x + y, 0);
  return { busy: total - cpu[3] - (cpu[4] ?? 0), total };
}

/**
 * Runs `op` in `workers` closed loops for warm-up + SECONDS and counts completions inside the
 * window only. `acked[w]` counts every successful op, warm-up included, for the correctness check.
 */
async function measure(name: string, workers: number, op: (w: number, n: number) => Promise<void>, wire: Wire) {
  const t0 = performance.now();
  const start = t0 + WARMUP_SECONDS * 1000;
  const end = start + SECONDS * 1000;
  const latencies: number[] = [];
  const acked: number[] = new Array<number>(workers).fill(0);
  let failure: unknown;
  // Counters are reset when the window opens and copied when it closes, so neither warm-up nor
  // the appends still in flight after the window skew batch sizes, round trips or CPU shares.
  let at = { cpu: process.cpuUsage(), host: hostTicks(), server: serverCpuMs(postmasterPid) };
  setTimeout(() => {
    at = { cpu: process.cpuUsage(), host: hostTicks(), server: serverCpuMs(postmasterPid) };
    Object.assign(wire, newWire());
  }, start - t0);
  const closed = new Promise<Pick<Result, 'wire' | 'nodeCpu' | 'hostCpu' | 'serverCpuMs'>>((resolve) =>
    setTimeout(() => {
      const cpu = process.cpuUsage(at.cpu);
      const host = hostTicks();
      resolve({
        wire: { ...wire, batchSizes: [...wire.batchSizes], batchMs: [...wire.batchMs] },
        nodeCpu: (cpu.user + cpu.system) / 1000 / (SECONDS * 1000),
        hostCpu: (host.busy - at.host.busy) / (host.total - at.host.total),
        serverCpuMs: serverCpuMs(postmasterPid) - at.server,
      });
    }, end - t0),
  );
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let n = 0; failure === undefined && performance.now() < end; n++) {
        const a = performance.now();
        try {
          await op(w, n);
        } catch (err) {
          failure ??= err;
          return;
        }
        const b = performance.now();
        acked[w]++;
        if (b >= start && b < end) latencies.push(b - a);
      }
    }),
  );
  if (failure !== undefined) throw failure;
  const usage = await closed;
  latencies.sort((x, y) => x - y);
  const result: Result = {
    name,
    perSecond: latencies.length / SECONDS,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    ...usage,
  };
  return { result, acked };
}

/**
 * Counts round trips, commits and the rows of each batch statement (StagedRows.write), at the
 * connections of the DataSource's QueryRunners: the journal sends its hot statements on the
 * connection directly (prepared statements), the rest through the QueryRunner, both end there.
 */
/** Elements of a batch's first column: a binary array (database/binary-array.ts) gives its length at byte 12. */
function elements(column: unknown): number {
  if (Buffer.isBuffer(column)) return column.readInt32BE(0) ? column.readInt32BE(12) : 0;
  return (column as unknown[]).length;
}

function observe(ds: DataSource, wire: Wire): void {
  const patched = new WeakSet<object>();
  const create = ds.createQueryRunner.bind(ds);
  ds.createQueryRunner = (mode) => {
    const qr = create(mode);
    const connect = qr.connect.bind(qr);
    qr.connect = async () => {
      const client = (await connect()) as { query: (...args: unknown[]) => unknown };
      if (!patched.has(client)) {
        patched.add(client);
        const query = client.query.bind(client);
        client.query = (config: unknown, ...rest: unknown[]) => {
          const text = typeof config === 'string' ? config : ((config as { text?: string }).text ?? '');
          const values = typeof config === 'string' ? rest[0] : (config as { values?: unknown[] }).values;
          wire.queries++;
          // The cached route's one statement (WITH lk …) is a transaction of its own (autocommit).
          const cached = text.trimStart().startsWith('WITH lk AS');
          if (text === 'COMMIT' || cached) wire.commits++;
          if (cached || text.trimStart().startsWith('WITH e AS')) {
            wire.batchSizes.push(elements((values as unknown[])[0]));
            const t0 = performance.now();
            const batchMs = wire.batchMs;
            const pending = query(config, ...rest) as Promise<unknown>;
            void pending.then(
              () => batchMs.push(performance.now() - t0),
              () => undefined,
            );
            return pending;
          }
          return query(config, ...rest);
        };
      }
      return client;
    };
    return qr;
  };
}

async function rawBaseline(url: string, run: string): Promise<Result> {
  const clients = Array.from({ length: WORKERS }, () => new Client({ connectionString: url }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    // A fresh table per run, so the second run does not pay for the first one's index.
    await clients[0].query(rawTableSql(`raw_bench_${run}`));
    const body = randomBytes(RAW_BODY_BYTES);
    const hash = randomBytes(32);
    let id = 0;
    const wire = newWire();
    const { result } = await measure(
      `raw INSERT (autocommit), ${run}`,
      WORKERS,
      async (w) => {
        wire.queries++;
        wire.commits++;
        await clients[w].query(rawInsertSql(`raw_bench_${run}`), [++id, 'test.spent', '2024-03-02', body, hash, hash]);
      },
      wire,
    );
    return result;
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}

/** One writer per worker, each on `bookOf(w)`; returns the acknowledged appends per book. */
async function journalScenario(journal: JournalService, wire: Wire, name: string, bookOf: (w: number) => string) {
  const books = [...new Set(Array.from({ length: WORKERS }, (_, w) => bookOf(w)))];
  const funds = new Map<string, string>();
  for (const book of books) funds.set(book, (await receiveFund(journal, book, POOL)).fund);
  const { result, acked } = await measure(
    name,
    WORKERS,
    async (w, n) => {
      const book = bookOf(w);
      const fund = funds.get(book)!;
      // Like spend() in journal-fixtures, plus the payload and subjects a real voucher carries.
      await journal.append(book, {
        type: 'test.spent',
        occurredOn: '2024-03-02',
        actor: 'bench',
        subjects: [`fund:${fund}`, `voucher:V-${w}-${n}`],
        payload: { voucherNo: `V-${w}-${n}` },
        postings: [
          { account: `pool:${book}`, fund, amount: -1n },
          { account: 'test:sink', fund, amount: 1n },
        ],
      });
    },
    wire,
  );
  const perBook = new Map<string, number>(books.map((b) => [b, 0]));
  acked.forEach((n, w) => perBook.set(bookOf(w), perBook.get(bookOf(w))! + n));
  return { result, perBook };
}

/** Cheap after-the-fact checks: every ack is a row, seqs are gapless, the money adds up. */
async function verify(ds: DataSource, perBook: Map<string, number>): Promise<string[]> {
  const rows: Array<{ book: string; n: number; max_seq: number; head_seq: number; sink: string }> = await ds.query(
    `SELECT e.book, count(*)::int AS n, max(e.seq)::int AS max_seq, min(b.head_seq)::int AS head_seq,
            (SELECT sum(balance) FROM ledger_account a WHERE a.book = e.book AND a.account = 'test:sink')::text AS sink
       FROM journal_entry e JOIN journal_book b ON b.code = e.book
      WHERE e.book = ANY($1) GROUP BY e.book`,
    [[...perBook.keys()]],
  );
  const failures: string[] = [];
  for (const [book, acked] of perBook) {
    const r = rows.find((x) => x.book === book);
    const expected = acked + 1; // + the fund.received setup entry
    if (!r || r.n !== expected || r.max_seq !== r.n || r.head_seq !== r.n || r.sink !== String(acked)) {
      failures.push(`book ${book}: acked ${acked} + 1 setup, found ${JSON.stringify(r ?? null)}`);
    }
  }
  return failures;
}

function tableRow(r: Result, raw: number, target?: number): string[] {
  const batches = r.wire.batchSizes;
  const sorted = [...batches].sort((a, b) => a - b);
  const appends = batches.length ? batches.reduce((a, b) => a + b, 0) : r.wire.commits;
  const pct = (100 * r.perSecond) / raw;
  const single = ((100 * batches.filter((b) => b === 1).length) / Math.max(1, batches.length)).toFixed(0);
  return [
    r.name,
    r.perSecond.toFixed(0),
    `${pct.toFixed(0)} %${target === undefined ? '' : pct >= target ? ` (≥ ${target} ✓)` : ` (< ${target} ✗)`}`,
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    (r.wire.commits / SECONDS).toFixed(0),
    batches.length
      ? `${(appends / batches.length).toFixed(1)} (max ${sorted[sorted.length - 1]}, ${single} % are 1)`
      : '1',
    (r.wire.queries / Math.max(1, appends)).toFixed(2),
    r.wire.batchMs.length
      ? percentile(
          [...r.wire.batchMs].sort((a, b) => a - b),
          0.5,
        ).toFixed(2)
      : '—',
    `${(100 * r.nodeCpu).toFixed(0)} %`,
    `${(100 * r.hostCpu).toFixed(0)} %`,
    `${((r.nodeCpu * SECONDS * 1e6) / (r.perSecond * SECONDS)).toFixed(0)} / ` +
      `${Number.isNaN(r.serverCpuMs) ? '—' : ((r.serverCpuMs * 1000) / (r.perSecond * SECONDS)).toFixed(0)}`,
  ];
}

const HEADER = [
  'scenario',
  'ops/s',
  'vs raw',
  'p50 ms',
  'p99 ms',
  'txn/s',
  'entries/txn',
  'queries/op',
  'write ms³',
  'node CPU¹',
  'host CPU²',
  'CPU µs/op node / PG⁴',
];

function table(rows: string[][], markdown: boolean): string {
  const all = [HEADER, ...rows];
  if (markdown)
    return all
      .map((r, i) => `| ${r.join(' | ')} |` + (i === 0 ? `\n|${r.map(() => '---').join('|')}|` : ''))
      .join('\n');
  const widths = HEADER.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  return all.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ')).join('\n');
}

async function main(): Promise<number> {
  let server: RunningPostgres | undefined;
  let dir: string | undefined;
  let serverUrl = process.env.BENCH_DATABASE_URL;
  const name = `sl_bench_${randomBytes(6).toString('hex')}`;
  let created = false;
  let ds: DataSource | undefined;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: serverUrl });
    await c.connect();
    try {
      return await c.query<Record<string, string>>(sql);
    } finally {
      await c.end();
    }
  };
  try {
    if (!serverUrl) {
      dir = await mkdtemp(join(tmpdir(), 'sl-bench-pg-'));
      server = await startEmbeddedPostgres(dir);
      serverUrl = server.url;
      postmasterPid = Number((await readFile(join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    }
    await admin(`CREATE DATABASE ${name}`);
    created = true;
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    await migrate(url.toString());
    const pgVersion = (await admin('SELECT version()')).rows[0].version;
    const settings = (
      await admin(`SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) AS s FROM pg_settings
        WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method', 'commit_delay', 'shared_buffers')`)
    ).rows[0].s;

    const before = await rawBaseline(url.toString(), 'before');
    ds = new DataSource(dataSourceOptions(url.toString(), 40));
    await ds.initialize();
    const wire = newWire();
    observe(ds, wire);
    const journal = new JournalService(ds);
    const one = await journalScenario(journal, wire, `journal, 1 book × ${WORKERS} writers`, () => ONE_BOOK);
    const many = await journalScenario(journal, wire, `journal, ${WORKERS} books × 1 writer`, (w) => MANY_BOOKS[w]);
    const failures = [...(await verify(ds, one.perBook)), ...(await verify(ds, many.perBook))];
    // The baseline runs again after the journal: on a shared machine a neighbour's load shows up
    // as drift between the two, and the ratios use the better one so they are never flattered.
    const after = await rawBaseline(url.toString(), 'after');
    const raw = Math.max(before.perSecond, after.perSecond);
    const drift = Math.abs(before.perSecond - after.perSecond) / raw;
    const [{ body }] = (await ds.query(
      `SELECT avg(octet_length(body))::int AS body FROM journal_entry WHERE type = 'test.spent'`,
    )) as Array<{ body: number }>;

    const rows = [
      tableRow(before, raw),
      tableRow(one.result, raw, 30),
      tableRow(many.result, raw, 60),
      tableRow(after, raw),
    ];
    console.log(
      `\n${table(rows, false)}\n¹ bench process, % of one core  ² whole machine, % of all cores  ` +
        `³ median round trip of a batch's write statement  ` +
        `⁴ CPU per op of the bench process / of the embedded PostgreSQL\n`,
    );
    console.log(`journal body ≈ ${body} bytes (raw baseline: 400); server: ${settings}`);
    if (drift > 0.15)
      console.log(`WARN raw baseline drifted ${(100 * drift).toFixed(0)} % between runs: the machine is busy; rerun`);
    for (const f of failures) console.log(`FAIL ${f}`);
    if (!failures.length)
      console.log(
        `OK: every acknowledged append is in its book, seqs gapless ` +
          `(${[...one.perBook.values(), ...many.perBook.values()].reduce((a, b) => a + b, 0)} appends)`,
      );

    const cpu = (await readFile('/proc/cpuinfo', 'utf8')).match(/^model name\s*:\s*(.*)$/m)?.[1] ?? 'unknown';
    console.log(
      [
        '\n--- markdown ---',
        `### Append throughput (${new Date().toISOString().slice(0, 10)})`,
        '',
        `- Machine: ${availableParallelism()} CPUs, ${cpu}`,
        `- PostgreSQL: ${pgVersion} (${server ? 'embedded' : 'BENCH_DATABASE_URL'}; ${settings})`,
        `- Node ${process.version}; ${WORKERS} concurrent clients/writers, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s`,
        `- Command: \`BENCH_SECONDS=${SECONDS} npm run bench:append\``,
        '',
        table(rows, true),
        '',
        `Raw = one 400-byte-body row per autocommit INSERT on ${WORKERS} connections, run before and after ` +
          `the journal; "vs raw" is against the faster of the two. Journal = a two-posting entry ` +
          `(≈ ${body} bytes canonical body) through \`JournalService.append\`; entries/txn and queries/op ` +
          `observed by wrapping the DataSource's QueryRunners. ¹ bench process, % of one core. ` +
          `² whole machine (PostgreSQL + bench), % of all cores. ³ median round trip of a batch's write ` +
          `statement (the cached route's only statement, or the careful route's data-modifying CTE). ` +
          `⁴ CPU time per op of the bench process and of the embedded PostgreSQL server (postmaster and ` +
          `backends, from /proc): what an op costs, whatever else runs on the machine.`,
        '--- end ---',
      ].join('\n'),
    );
    return failures.length ? 1 : 0;
  } finally {
    if (ds?.isInitialized) await ds.destroy().catch(() => undefined);
    if (created)
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((e: unknown) =>
        console.error('drop failed', e),
      );
    if (server) await server.stop().catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('FAIL', err);
    process.exit(1);
  },
);
