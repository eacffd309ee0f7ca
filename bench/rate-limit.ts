/**
 * What a rate-limited request pays for its count in PostgreSQL (PgThrottlerStorage.increment): one
 * client's hits in sequence, 16 clients at once on their own keys, and 16 at once on one hot key
 * (one address hammering: the upserts queue on its row lock). `npm run bench:rate-limit`.
 */
import { DataSource } from 'typeorm';
import { PgThrottlerStorage } from '../src/common/rate-limit/pg-throttler-storage';
import { dataSourceOptions } from '../src/database/data-source-options';
import { openBenchDatabase } from './support/bench-database';

const N = 4000;
const CLIENTS = 16;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const database = await openBenchDatabase();
  const db = await new DataSource(dataSourceOptions(database.url, CLIENTS)).initialize();
  const storage = new PgThrottlerStorage(db);
  const many = (key: (c: number) => string) =>
    Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; i < N / CLIENTS; i++) await storage.increment(key(c), 60_000, 1e9);
      }),
    );
  try {
    for (let i = 0; i < 500; i++) await storage.increment(`warm${i % 10}`, 60_000, 1e9);
    const sequential = await timed(async () => {
      for (let i = 0; i < N; i++) await storage.increment(`seq${i % 100}`, 60_000, 1e9);
    });
    const parallel = await timed(() => many((c) => `client${c}`));
    const hot = await timed(() => many(() => 'hot'));
    console.log(
      JSON.stringify({
        server: database.serverVersion,
        hits: N,
        sequentialMsPerHit: +(sequential / N).toFixed(3),
        [`hitsPerSecond${CLIENTS}Keys`]: Math.round(N / (parallel / 1000)),
        [`hitsPerSecond${CLIENTS}OnOneKey`]: Math.round(N / (hot / 1000)),
      }),
    );
  } finally {
    await db.destroy();
    await database.close();
  }
}

void main();
