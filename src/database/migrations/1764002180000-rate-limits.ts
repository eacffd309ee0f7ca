import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate limits shared by every instance on the database (src/common/rate-limit), in rate_limit.counter: one row per key
 * (limit name and hashed client address) and fixed window, counted by an atomic upsert. Rows of
 * windows that have ended are deleted as the service goes; none is ever evidence of anything.
 */
export class RateLimits1764002180000 implements MigrationInterface {
  name = 'RateLimits1764002180000';

  async up(q: QueryRunner): Promise<void> {
    // A schema of its own: counters, not ledger data (a request refused still counts; nothing else changes).
    await q.query(`CREATE SCHEMA rate_limit`);
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit.counter (
        key text NOT NULL,
        window_start bigint NOT NULL,
        hits integer NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT pk_rate_limit_counter PRIMARY KEY (key, window_start)
      )`);
    await q.query(`CREATE INDEX ix_rate_limit_counter_expires_at ON rate_limit.counter (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA rate_limit CASCADE`);
  }
}
