/**
 * Soak: SOAK_MINUTES (default 10) of mixed traffic at a steady rate (SOAK_RATE requests/s, default 40) on
 * the service in its own process (dist/main.js) over an embedded PostgreSQL: writes through the API as a
 * county's staff make them (payments with Idempotency-Keys, allocations from the city fund to the counties,
 * announcements published) and the public's and auditors' reads (notice pages, PDFs, inclusion proofs,
 * the list, the latest checkpoint, audit findings). Requests are sent on a clock, not after the previous
 * answer (an open loop, at most SOAK_MAX_IN_FLIGHT at once), so a slowdown shows as latency, not as a
 * lower rate. Per minute: requests, errors, latency percentiles of writes and reads, the server's RSS.
 * At the end every book verifies. Exits 1 on any error.
 *
 *   npm run bench:soak     (builds dist/; SOAK_MINUTES=10, SOAK_RATE=40; SOAK_GC=1: heap used after a full GC)
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, openBenchDatabase } from './support/bench-database';
import { apiClient, startApp } from './support/bench-http';
import { pct, prepare, Target } from './support/disburse-load';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const RATE = Number(process.env.SOAK_RATE ?? 40);
const MAX_IN_FLIGHT = Number(process.env.SOAK_MAX_IN_FLIGHT ?? 256);
const CITY = '411100000000';

/** Share of the traffic per kind of request (they add up to 1). */
const MIX = {
  payment: 0.25,
  allocation: 0.05,
  announcement: 0.005,
  page: 0.2,
  pdf: 0.2,
  proof: 0.15,
  list: 0.08,
  checkpoint: 0.04,
  findings: 0.025,
} as const;
type Kind = keyof typeof MIX;
const WRITES: Kind[] = ['payment', 'allocation', 'announcement'];

interface Sample {
  kind: Kind;
  minute: number;
  ms: number;
  ok: boolean;
}

/** The app's memory as its preload (support/memory-log.js) last wrote it, MB; before its first write, RSS only. */
const memoryOf = (file: string, pid: number): { rss: number; heapUsed: number } => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return { rss: Math.round(Number(kb) / 102.4) / 10, heapUsed: NaN };
  }
};

async function main(): Promise<boolean> {
  const db = await openBenchDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'sl-bench-data-'));
  const memoryFile = join(dataDir, 'memory.json');
  const admin = `bench-admin-${randomBytes(16).toString('hex')}`;
  const app = await startApp(
    {
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      ADMIN_TOKEN: admin,
      LOG_LEVEL: 'warn',
      CHECKPOINT_INTERVAL_SECONDS: '30',
      BENCH_MEMORY_FILE: memoryFile,
    },
    [
      '--max-semi-space-size=64',
      ...(process.env.SOAK_GC === '1' ? ['--expose-gc'] : []),
      '-r',
      join(__dirname, 'support', 'memory-log.js'),
    ],
  );
  try {
    const call = apiClient(app.base);
    const targets: Target[] = await prepare(app.base, admin);
    const books = [...new Set(targets.map((t) => t.book))];
    const user = async (role: string, regionCode: string) =>
      (await call<{ token: string }>(admin, 'POST', '/users', { name: `soak ${role}`, role, regionCode })).token;
    const cityFinance = await user('finance', CITY);
    const auditor = await user('auditor', books[0]);
    const cityFund = await call<{ id: string }>(cityFinance, 'POST', '/funds', {
      docNo: '漯财农〔2026〕1号',
      title: '2026年市级衔接推进乡村振兴补助资金(浸泡测试)',
      sourceLevel: 'municipal',
      regionCode: CITY,
      amount: '9000000000.00',
      issuedOn: '2026-01-02',
    });
    const notices = (await call<{ items: Array<{ id: string }> }>(admin, 'GET', '/notices?limit=100')).items;
    const ids = notices.map((n) => n.id);
    const sizes = new Map<string, number>();
    for (const book of books) {
      sizes.set(book, (await call<{ treeSize: number }>(admin, 'POST', '/ledger/checkpoints', { book })).treeSize);
    }

    let n = 0;
    const pick = <T>(xs: readonly T[]) => xs[n % xs.length];
    const json = (token: string, body: unknown) => ({
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    /** One request of the kind: the path and options, and the status that counts as success. */
    const request = (kind: Kind): [string, RequestInit, number] => {
      const i = n++;
      const t = pick(targets);
      const book = pick(books);
      switch (kind) {
        case 'payment': {
          const body = {
            kind: 'progress',
            amount: `${1 + (i % 50)}.00`,
            paidOn: '2026-03-01',
            payee: { name: '漯河市沙澧建筑工程有限公司', type: 'contractor', accountNo: '6230580000012345678' },
            voucherNo: `浸泡-${i}`,
          };
          const init = json(t.financeToken, body);
          (init.headers as Record<string, string>)['idempotency-key'] = `soak-${i}`;
          return [`/api/v1/projects/${t.projectId}/disbursements`, init, 201];
        }
        case 'allocation':
          return [
            `/api/v1/funds/${cityFund.id}/allocations`,
            json(cityFinance, {
              toRegionCode: book,
              amount: `${100 + (i % 900)}.00`,
              docNo: `漯财农〔2026〕${i}号`,
              issuedOn: '2026-03-01',
            }),
            201,
          ];
        case 'announcement':
          return [
            '/api/v1/notices',
            json(t.financeToken, {
              type: 'announcement',
              regionCode: t.book,
              periodStart: '2026-03-01',
              issuer: '财政局',
            }),
            201,
          ];
        case 'page':
          return [`/public/notices/${pick(ids)}`, {}, 200];
        case 'pdf':
          return [`/api/v1/notices/${pick(ids)}/pdf`, {}, 200];
        case 'proof': {
          const size = sizes.get(book)!;
          return [`/api/v1/ledger/proofs/inclusion?book=${book}&seq=${1 + (i % size)}&size=${size}`, {}, 200];
        }
        case 'list':
          return [`/public`, {}, 200];
        case 'checkpoint':
          return [`/api/v1/ledger/checkpoints/latest?book=${book}`, {}, 200];
        case 'findings':
          return [`/api/v1/audit/findings`, { headers: { authorization: `Bearer ${auditor}` } }, 200];
      }
    };

    const samples: Sample[] = [];
    const errors: string[] = [];
    const memory: Array<{ minute: number; rss: number; heapUsed: number }> = [];
    let inFlight = 0;
    let dropped = 0;
    await new Promise((r) => setTimeout(r, 1100));
    const atStart = memoryOf(memoryFile, app.child.pid!);
    const start = performance.now();
    const minuteOf = (at: number) => Math.floor((at - start) / 60_000);
    const send = async (kind: Kind) => {
      const [path, init, expected] = request(kind);
      const at = performance.now();
      inFlight++;
      try {
        const res = await fetch(`${app.base}${path}`, init);
        const body = await res.arrayBuffer();
        const ok = res.status === expected;
        if (!ok) errors.push(`${kind} ${path} → ${res.status} ${Buffer.from(body).toString('utf8').slice(0, 200)}`);
        if (ok && kind === 'checkpoint') {
          const cp = JSON.parse(Buffer.from(body).toString('utf8')) as { book: string; treeSize: number };
          sizes.set(cp.book, cp.treeSize);
        }
        if (ok && kind === 'announcement')
          ids.push((JSON.parse(Buffer.from(body).toString('utf8')) as { id: string }).id);
        samples.push({ kind, minute: minuteOf(at), ms: performance.now() - at, ok });
      } catch (e) {
        errors.push(`${kind} ${path} → ${String(e)}`);
        samples.push({ kind, minute: minuteOf(at), ms: performance.now() - at, ok: false });
      } finally {
        inFlight--;
      }
    };

    const issued = new Map<Kind, number>();
    const end = start + MINUTES * 60_000;
    const pending = new Set<Promise<void>>();
    const sampler = setInterval(
      () => memory.push({ minute: minuteOf(performance.now()), ...memoryOf(memoryFile, app.child.pid!) }),
      1000,
    );
    while (performance.now() < end) {
      const seconds = (performance.now() - start) / 1000;
      for (const kind of Object.keys(MIX) as Kind[]) {
        const due = Math.floor(RATE * MIX[kind] * seconds) - (issued.get(kind) ?? 0);
        for (let k = 0; k < due; k++) {
          issued.set(kind, (issued.get(kind) ?? 0) + 1);
          if (inFlight >= MAX_IN_FLIGHT) {
            dropped++;
            continue;
          }
          const p = send(kind);
          pending.add(p);
          void p.finally(() => pending.delete(p));
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(pending);
    clearInterval(sampler);
    const atEnd = memoryOf(memoryFile, app.child.pid!);

    const verified = await Promise.all(
      books.map((b) => call<{ ok: boolean; entries: number }>(admin, 'GET', `/ledger/verify?book=${b}`)),
    );
    const ms = (xs: Sample[], p: number) =>
      pct(
        xs.map((s) => s.ms).sort((a, b) => a - b),
        p,
      ).toFixed(0);
    const lines = [
      `machine: ${machine()}; ${db.serverVersion}; ${MINUTES} min at ${RATE} requests/s (open loop, ` +
        `at most ${MAX_IN_FLIGHT} in flight)`,
      `RSS start ${atStart.rss} MB (heap used ${atStart.heapUsed}), end ${atEnd.rss} MB ` +
        `(heap used ${atEnd.heapUsed}); requests ${samples.length}, ` +
        `errors ${errors.length}, not sent (too many in flight) ${dropped}; ` +
        `books verify: ${verified.every((v) => v.ok) ? 'all ok' : 'FAILED'} ` +
        `(${verified.reduce((a, v) => a + v.entries, 0)} entries)`,
      '',
      '| minute | requests | errors | writes | write p50 / p95 / p99 | reads | read p50 / p95 / p99 ' +
        '| RSS | heap used |',
      '|---|---|---|---|---|---|---|---|---|',
    ];
    for (let m = 0; m < MINUTES; m++) {
      const all = samples.filter((s) => s.minute === m);
      const w = all.filter((s) => WRITES.includes(s.kind));
      const r = all.filter((s) => !WRITES.includes(s.kind));
      const last = memory.filter((x) => x.minute === m).pop();
      lines.push(
        `| ${m + 1} | ${all.length} | ${all.filter((s) => !s.ok).length} | ${w.length} | ` +
          `${ms(w, 0.5)} / ${ms(w, 0.95)} / ${ms(w, 0.99)} ms | ${r.length} | ` +
          `${ms(r, 0.5)} / ${ms(r, 0.95)} / ${ms(r, 0.99)} ms | ${last?.rss} MB | ${last?.heapUsed} MB |`,
      );
    }
    const byKind = (Object.keys(MIX) as Kind[]).map((k) => {
      const xs = samples.filter((s) => s.kind === k);
      return `${k} ${xs.length} (p50 ${ms(xs, 0.5)} ms, p99 ${ms(xs, 0.99)} ms)`;
    });
    lines.push('', `by kind: ${byKind.join('; ')}`);
    process.stdout.write(lines.join('\n') + '\n');
    for (const e of errors.slice(0, 20)) process.stderr.write(`${e}\n`);
    for (const e of app.errors) process.stderr.write(`app: ${e}\n`);
    return errors.length > 0 || dropped > 0 || !verified.every((v) => v.ok);
  } finally {
    await app.stop();
    await db.close();
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
