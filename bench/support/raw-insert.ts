import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

/**
 * The raw single-row INSERT baseline of bench/append.ts and bench/disburse-http.ts: what the
 * PostgreSQL server does with one autocommit INSERT per round trip, so a throughput measured on
 * this machine can be read as a share of what the server could do at all.
 */

/** Shaped like a journal_entry row minus what the journal adds (indexes, postings, balances). */
export function rawTableSql(table: string): string {
  return `CREATE TABLE ${table} (id bigint PRIMARY KEY, type text NOT NULL, occurred_on date NOT NULL,
                                 body bytea NOT NULL, prev_hash bytea NOT NULL, hash bytea NOT NULL)`;
}

export function rawInsertSql(table: string): string {
  return `INSERT INTO ${table} (id, type, occurred_on, body, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6)`;
}

/** A canonical body of about the size a journal entry has (docs/benchmarks.md). */
export const RAW_BODY_BYTES = 400;

export interface RawInsertResult {
  connections: number;
  seconds: number;
  inserts: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * `connections` clients in closed loops of autocommit INSERTs into a fresh table for `seconds`
 * (after one second of warm-up that is not counted); the table is dropped afterwards.
 */
export async function measureRawInserts(url: string, connections = 16, seconds = 5): Promise<RawInsertResult> {
  const table = `bench_raw_${randomBytes(4).toString('hex')}`;
  const clients = Array.from({ length: connections }, () => new Client({ connectionString: url }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    await clients[0].query(rawTableSql(table));
    const sql = rawInsertSql(table);
    const body = randomBytes(RAW_BODY_BYTES);
    const hash = randomBytes(32);
    const t0 = performance.now();
    const start = t0 + 1000;
    const end = start + seconds * 1000;
    const latencies: number[] = [];
    let id = 0;
    await Promise.all(
      clients.map(async (client) => {
        for (let now = performance.now(); now < end; now = performance.now()) {
          await client.query(sql, [++id, 'test.spent', '2024-03-02', body, hash, hash]);
          const done = performance.now();
          if (now >= start && done <= end) latencies.push(done - now);
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
    return {
      connections,
      seconds,
      inserts: latencies.length,
      perSecond: latencies.length / seconds,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
    };
  } finally {
    await clients[0].query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}
