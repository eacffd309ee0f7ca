import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { migrate } from '../../src/database/migrate';

export interface BenchDatabase {
  url: string;
  serverVersion: string;
  close(): Promise<void>;
}

/** A fresh, migrated database on BENCH_DATABASE_URL's server, or on an embedded server in a temp dir. */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const dir = process.env.BENCH_DATABASE_URL ? undefined : await mkdtemp(join(tmpdir(), 'sl-bench-pg-'));
  const server = dir
    ? await startEmbeddedPostgres(dir)
    : { url: process.env.BENCH_DATABASE_URL!, stop: async () => undefined };
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  const name = `sl_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const [{ version }] = (await admin.query('SELECT version()')).rows;
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return {
    url: url.toString(),
    serverVersion: String(version).split(',')[0],
    close: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      await server.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, node ${process.version}`;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
