/**
 * Witness add-checkpoint throughput and latency on a log of 1M entries (docs/benchmarks.md, "Session 9 — witness").
 * BENCH_ENTRIES (default 1,000,000) synthetic leaves in an in-memory tree; a checkpoint every BENCH_EVERY entries
 * (default 1,000), each submitted with its consistency proof from the previous one — the proof verification, the
 * log-signature check, the cosignature and the durable state write (fsync + rename + fsync dir) all included.
 * LOGS origins (default 8) are then driven in parallel over HTTP.
 * Baselines in the same run: bare Ed25519 verify + sign (the witness's crypto floor), and a static-response HTTP
 * POST over the same keep-alive client (the HTTP floor).
 */
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootHash } from '../src/journal/merkle';
import { startWitness } from '../src/witness/start-witness';
import type { LogState } from '../src/witness/state-store';
import { Witness } from '../src/witness/witness';
import { TestLog } from '../src/witness/testing/test-log';
import { formatAddCheckpoint } from '../src/witness/tlog';
import { parseLogKeys } from '../src/witness/witness-config';
import { createWitnessServer } from '../src/witness/witness-server';
import { machine, percentile } from './support/bench-database';

const N = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const EVERY = Number(process.env.BENCH_EVERY ?? 1_000);
const LOGS = Number(process.env.BENCH_LOGS ?? 8);

interface Figures {
  ops: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
}

async function timed(count: number, op: (i: number) => Promise<unknown> | unknown): Promise<Figures> {
  const ms: number[] = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const t = process.hrtime.bigint();
    await op(i);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  ms.sort((a, b) => a - b);
  return { ops: count / seconds, seconds, p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms[ms.length - 1] };
}

const row = (name: string, f: Figures) =>
  `| ${name} | ${Math.round(f.ops).toLocaleString('en')} | ${f.p50.toFixed(3)} | ${f.p99.toFixed(3)} | ` +
  `${f.max.toFixed(2)} |`;

function listen(server: Server): Promise<string> {
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

async function main(): Promise<void> {
  console.log(`machine: ${machine()}`);
  let t = Date.now();
  const logs = Array.from({ length: LOGS }, (_, i) => new TestLog(`bench.example/log${i}`));
  logs[0].append(N);
  console.log(`tree of ${N.toLocaleString('en')} leaves built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  t = Date.now();
  const sizes = Array.from({ length: Math.floor(N / EVERY) }, (_, i) => (i + 1) * EVERY);
  const requests: string[] = [];
  for (let i = 0; i < sizes.length; i++) requests.push(await logs[0].request(i ? sizes[i - 1] : 0, sizes[i]));
  const proofLines = requests.map((r) => r.split('\n\n')[0].split('\n').length - 1);
  console.log(
    `${requests.length} requests (proofs of ${Math.min(...proofLines)}–${Math.max(...proofLines)} hashes) ` +
      `prepared in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'sl-bench-witness-'));
  const start = (sub: string) =>
    startWitness({
      port: 0,
      name: 'bench.example/witness',
      dir: join(dir, sub),
      privateKey: generateKeyPairSync('ed25519').privateKey,
      logs: parseLogKeys(logs.map((l) => l.vkey).join('\n')),
    });
  const results: string[] = [];
  try {
    // The crypto floor: one log-signature verify and one cosignature sign per request.
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const msg = Buffer.from(requests[0]);
    const sig = sign(null, msg, privateKey);
    results.push(
      row(
        'baseline: Ed25519 verify + sign',
        await timed(requests.length, () => verify(null, msg, publicKey, sig) && sign(null, msg, privateKey)),
      ),
    );

    // The same code with the state in memory: the cost of parsing, both signatures and the proof, without fsync.
    const memory = new Map<string, LogState>();
    const inMemory = new Witness(
      'bench.example/witness',
      generateKeyPairSync('ed25519').privateKey,
      parseLogKeys(logs[0].vkey),
      {
        get: async (o) => memory.get(o) ?? null,
        swap: async (o, _expected, next) => !!memory.set(o, next),
        close: async () => {},
      },
    );
    results.push(
      row(
        'add-checkpoint in process, state in memory (no fsync)',
        await timed(requests.length, (i) => inMemory.addCheckpoint(requests[i])),
      ),
    );

    const direct = await start('direct');
    const statuses = new Set<number>();
    results.push(
      row(
        'add-checkpoint in process (file state, fsync)',
        await timed(requests.length, async (i) =>
          statuses.add((await direct.witness.addCheckpoint(requests[i])).status),
        ),
      ),
    );
    await direct.close();
    if ([...statuses].join() !== '200') throw new Error(`unexpected statuses ${[...statuses]}`);

    // Node's fetch keeps connections alive (undici's global dispatcher), as tlog-witness recommends.
    const post = async (url: string, body: string) => {
      const res = await fetch(`${url}/add-checkpoint`, { method: 'POST', body });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`HTTP ${res.status} ${text}`);
    };
    const fixed = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('\u2014 bench.example/witness AAAA\n'));
    });
    const fixedUrl = await listen(fixed);
    results.push(
      row('baseline: static-response HTTP POST', await timed(requests.length, (i) => post(fixedUrl, requests[i]))),
    );
    fixed.close();

    const over = await start('http');
    const server = createWitnessServer(over.witness);
    const url = await listen(server);
    results.push(
      row(
        'add-checkpoint over HTTP (keep-alive, one log)',
        await timed(requests.length, (i) => post(url, requests[i])),
      ),
    );

    // Several logs at once: the witness serialises per origin only. The same tree under LOGS origins, each re-signed.
    const perLog: string[][] = [];
    for (const l of logs.slice(1)) {
      const reqs: string[] = [];
      for (let i = 0; i < sizes.length; i++) {
        const proof = await logs[0].proof(i ? sizes[i - 1] : 0, sizes[i]);
        const cp = await l.checkpoint(sizes[i], await rootHash(sizes[i], logs[0].store));
        reqs.push(formatAddCheckpoint(i ? sizes[i - 1] : 0, proof, cp));
      }
      perLog.push(reqs);
    }
    const ms: number[] = [];
    const began = process.hrtime.bigint();
    await Promise.all(
      perLog.map(async (reqs) => {
        for (const body of reqs) {
          const t0 = process.hrtime.bigint();
          await post(url, body);
          ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    ms.sort((a, b) => a - b);
    const concurrent = {
      ops: ms.length / seconds,
      seconds,
      p50: percentile(ms, 50),
      p99: percentile(ms, 99),
      max: ms[ms.length - 1],
    };
    results.push(row(`add-checkpoint over HTTP, ${perLog.length} logs in parallel`, concurrent));
    await new Promise((r) => server.close(r));
    await over.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${N.toLocaleString('en')} entries, a checkpoint every ${EVERY.toLocaleString('en')} entries\n`);
  console.log('| what | requests/s | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|');
  for (const r of results) console.log(r);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
