/**
 * Verification speed and inclusion-proof latency on a big book.
 *   npm run bench:verify     (BENCH_ENTRIES, default 1,000,000; Node with --max-semi-space-size=64 as npm start)
 * The book is verified twice in the same run: as the service does (worker threads with their own
 * connections; BENCH_VERIFY_WORKERS, default verifyBook's; BENCH_VERIFY_BATCH entries per range),
 * and all in this thread (workers: 0), so the ratio of the two travels between machines.
 * The book is generated directly (same document builder and hash chain as the journal, written
 * with bulk INSERTs), because appending a million entries one by one measures something else.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  canonicalBytes,
  chainHash,
  EntryDocument,
  GENESIS_HASH,
  HASH_SCHEME_VERSION,
} from '../src/journal/chain/entry-document';
import { CosigningService } from '../src/journal/witnesses/cosigning.service';
import { CheckpointService } from '../src/journal/checkpoints/checkpoint.service';
import { SigningKeyService } from '../src/journal/checkpoints/signing-key.service';
import { verifyBook, VerifyOptions } from '../src/journal/verify/chain-verifier';
import { leafHash, verifyInclusion } from '../src/journal/merkle';
import { dataSourceOptions } from '../src/database/data-source-options';
import type { AppConfig } from '../src/config/app.config';
import { machine, openBenchDatabase, percentile } from './support/bench-database';

const BOOK = '411103000000';
const N = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const CHUNK = 20_000;

export async function generate(ds: DataSource): Promise<void> {
  const fund = randomUUID();
  let prev: Buffer = GENESIS_HASH;
  for (let start = 1; start <= N; start += CHUNK) {
    const e: Array<{ doc: EntryDocument; body: Buffer; prev: Buffer; hash: Buffer }> = [];
    for (let seq = start; seq < Math.min(start + CHUNK, N + 1); seq++) {
      const doc: EntryDocument = {
        v: HASH_SCHEME_VERSION,
        book: BOOK,
        seq,
        type: seq === 1 ? 'fund.received' : 'disbursement.paid',
        occurredOn: '2024-03-02',
        recordedAt: new Date(1_709_000_000_000 + seq).toISOString(),
        actor: '00000000-0000-4000-8000-000000000001',
        subjects: [`project:${fund}`],
        payload: { voucherNo: `记-${seq}`, kind: 'progress' },
        postings:
          seq === 1
            ? [
                { account: 'source:central', fund, amount: String(-N * 100) },
                { account: `pool:${BOOK}`, fund, amount: String(N * 100) },
              ]
            : [
                { account: `pool:${BOOK}`, fund, amount: '-100' },
                { account: 'payee:contractor-1', fund, amount: '100' },
              ],
        ...(seq === 1 ? { newFunds: [fund] } : {}),
      };
      const body = canonicalBytes(doc);
      const hash = chainHash(prev, body);
      e.push({ doc, body, prev, hash });
      prev = hash;
    }
    await ds.query(
      `INSERT INTO journal_entry (book, seq, type, occurred_on, recorded_at, actor, subjects, body, prev_hash, hash)
       SELECT $1, s, t, '2024-03-02', r, a, ARRAY[subj], b, p, h
         FROM unnest($2::bigint[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::bytea[], $8::bytea[],
                     $9::bytea[]) AS x(s, t, r, a, subj, b, p, h)`,
      [
        BOOK,
        e.map((x) => x.doc.seq),
        e.map((x) => x.doc.type),
        e.map((x) => x.doc.recordedAt),
        e.map((x) => x.doc.actor),
        e.map((x) => x.doc.subjects[0]),
        e.map((x) => x.body),
        e.map((x) => x.prev),
        e.map((x) => x.hash),
      ],
    );
    const ps = e.flatMap((x) => x.doc.postings.map((p, idx) => ({ seq: x.doc.seq, idx, ...p })));
    await ds.query(
      `INSERT INTO journal_posting (book, seq, idx, account, fund_id, amount, occurred_on)
       SELECT $1, s, i, a, f, m, '2024-03-02'
         FROM unnest($2::bigint[], $3::smallint[], $4::text[], $5::uuid[], $6::bigint[]) AS x(s, i, a, f, m)`,
      [
        BOOK,
        ps.map((p) => p.seq),
        ps.map((p) => p.idx),
        ps.map((p) => p.account),
        ps.map((p) => p.fund),
        ps.map((p) => p.amount),
      ],
    );
  }
  await ds.query(`INSERT INTO journal_book (code, head_seq, head_hash) VALUES ($1, $2, $3)`, [BOOK, N, prev]);
}

async function main(): Promise<void> {
  const db = await openBenchDatabase();
  const ds = await new DataSource(dataSourceOptions(db.url, 4)).initialize();
  try {
    let t = Date.now();
    await generate(ds);
    console.log(`generated ${N.toLocaleString()} entries in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    await ds.query('VACUUM ANALYZE journal_entry');
    await ds.query('VACUUM ANALYZE journal_posting');

    const config = { dataDir: join(tmpdir(), 'sl-bench-key'), witnesses: [], witnessQuorum: 0 } as unknown as AppConfig;
    const key = new SigningKeyService(config);
    const checkpoints = new CheckpointService(ds, key, new CosigningService(ds, key, config));
    t = Date.now();
    const cp = await checkpoints.checkpoint(BOOK);
    const treeSeconds = (Date.now() - t) / 1000;

    /** Wall seconds, and the CPU of this process (all its threads) per entry in µs. */
    const timeVerify = async (options: VerifyOptions) => {
      const started = Date.now();
      const cpu = process.cpuUsage();
      const report = await verifyBook((sql, p) => ds.query(sql, p), BOOK, { publicKey: key.publicKey, ...options });
      if (!report.ok || report.entries !== N) throw new Error(`verify failed: ${JSON.stringify(report)}`);
      const used = process.cpuUsage(cpu);
      return { seconds: (Date.now() - started) / 1000, cpuPerEntry: (used.user + used.system) / N };
    };
    const workers = process.env.BENCH_VERIFY_WORKERS ? Number(process.env.BENCH_VERIFY_WORKERS) : undefined;
    const batchSize = process.env.BENCH_VERIFY_BATCH ? Number(process.env.BENCH_VERIFY_BATCH) : undefined;
    const parallel = await timeVerify({ connectionString: db.url, workers, batchSize });
    const inThread = await timeVerify({ workers: 0, batchSize });

    const latencies: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const seq = 1 + Math.floor(Math.random() * N);
      const started = process.hrtime.bigint();
      const proof = await checkpoints.inclusion(BOOK, seq);
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      const ok = verifyInclusion(
        Buffer.from(proof.leafHash, 'hex'),
        seq - 1,
        N,
        proof.proof.map((h) => Buffer.from(h, 'hex')),
        Buffer.from(cp.rootHash, 'hex'),
      );
      if (!ok || proof.leafHash !== leafHash(Buffer.from(proof.entryHash, 'hex')).toString('hex'))
        throw new Error(`bad proof for ${seq}`);
    }
    // The first proof pays for cold caches (the tree pages, TypeORM's first query of its kind): shown
    // on its own, so a slow max can be told from a slow first call.
    const first = latencies[0];
    latencies.sort((a, b) => a - b);
    const rows = [
      ['entries in the book', N.toLocaleString()],
      ['build tree + sign checkpoint', `${treeSeconds.toFixed(1)} s`],
      [
        'verify (re-hash + columns + postings + Merkle root)',
        `${parallel.seconds.toFixed(1)} s = ${Math.round(N / parallel.seconds).toLocaleString()} entries/s ` +
          `(target ≥ 100,000); Node CPU ${parallel.cpuPerEntry.toFixed(1)} µs/entry`,
      ],
      [
        'the same, all in one thread (workers: 0)',
        `${inThread.seconds.toFixed(1)} s = ${Math.round(N / inThread.seconds).toLocaleString()} entries/s; ` +
          `Node CPU ${inThread.cpuPerEntry.toFixed(1)} µs/entry; ` +
          `workers ${(inThread.seconds / parallel.seconds).toFixed(2)}× faster`,
      ],
      [
        'inclusion proof, 1,000 random seqs: p50 / p99 / max',
        `${percentile(latencies, 50).toFixed(2)} / ${percentile(latencies, 99).toFixed(2)} / ` +
          `${latencies[latencies.length - 1].toFixed(2)} ms (target ≤ 20 ms); the first one ${first.toFixed(2)} ms`,
      ],
    ];
    console.log(`\nmachine: ${machine()}; ${db.serverVersion}`);
    for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  } finally {
    await ds.destroy();
    await db.close();
  }
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
