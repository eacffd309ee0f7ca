import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Every this many increments, one instance deletes the rows of ended windows. */
const SWEEP_EVERY = 500;

/**
 * Counts in PostgreSQL, so that a limit holds across every instance (a process's memory would give N instances N
 * times the limit), in fixed windows aligned on the database's clock, the one all instances share. The table is
 * UNLOGGED: a crash may forget counts, which only lets a client start afresh.
 */
@Injectable()
export class PgThrottlerStorage implements ThrottlerStorage {
  private increments = 0;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const { hits, secondsLeft } = await this.hit(key, ttl);
    const isBlocked = hits > limit;
    if (++this.increments % SWEEP_EVERY === 0) void this.sweep();
    return { totalHits: hits, timeToExpire: secondsLeft, isBlocked, timeToBlockExpire: isBlocked ? secondsLeft : 0 };
  }

  /** Hits so far in the current window, without counting one (a blocked key is refused before any work). */
  async peek(key: string, ttl: number): Promise<{ hits: number; secondsLeft: number }> {
    const rows: Array<{ hits: number; seconds_left: number }> = await this.db.query(
      `SELECT w.hits, ceil(extract(epoch FROM w.expires_at - clock_timestamp()))::int AS seconds_left
         FROM rate_limit.counter w
        WHERE w.key = $1 AND w.window_start = (floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint / $2) * $2`,
      [key, ttl],
    );
    return rows[0]
      ? { hits: rows[0].hits, secondsLeft: Math.max(1, rows[0].seconds_left) }
      : { hits: 0, secondsLeft: 0 };
  }

  /** Counts one hit in the current window of `ttl` ms and answers the window's total. */
  async hit(key: string, ttl: number): Promise<{ hits: number; secondsLeft: number }> {
    const [row]: Array<{ hits: number; seconds_left: number }> = await this.db.query(
      `WITH now AS (SELECT (floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint / $2) * $2 AS start)
       INSERT INTO rate_limit.counter AS w (key, window_start, hits, expires_at)
       SELECT $1, start, 1, to_timestamp((start + $2) / 1000.0) FROM now
       ON CONFLICT (key, window_start) DO UPDATE SET hits = w.hits + 1
       RETURNING w.hits, ceil(extract(epoch FROM w.expires_at - clock_timestamp()))::int AS seconds_left`,
      [key, ttl],
    );
    return { hits: row.hits, secondsLeft: Math.max(1, row.seconds_left) };
  }

  private async sweep(): Promise<void> {
    try {
      await this.db.query(`DELETE FROM rate_limit.counter WHERE expires_at < clock_timestamp()`);
    } catch {
      // A failed sweep is retried at the next one; the rows only take space meanwhile.
    }
  }
}
