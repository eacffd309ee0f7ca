import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { DomainError } from '../common/errors/domain-error';

export interface StoredResponse {
  statusCode: number;
  body: string;
}

/**
 * The claim and the stored response of each keyed POST. Both are one-statement transactions on a
 * small pool of their own with `synchronous_commit = off`: they do not wait for a WAL flush of their
 * own (two per request were most of the request's fsyncs, and much of its CPU — docs/benchmarks.md).
 *
 * Why that keeps exactly-once: a claim commits before the request does anything, so any durable
 * write of the request (a journal entry commits with synchronous_commit on) flushes the WAL up to
 * and including the claim; a claim lost in a crash therefore lost nothing with it. A stored response
 * lost in a crash leaves the claim in flight (409 IDEMPOTENCY_KEY_IN_PROGRESS on a retry), as a crash
 * between the request's commit and a synchronous completion would; the journal's own
 * (book, idempotency key) entry is what guarantees that a payment is never made twice.
 */
@Injectable()
export class IdempotencyService implements OnModuleDestroy {
  private pool?: Pool;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private fast(): Pool {
    if (!this.pool) {
      const o = this.db.options as PostgresConnectionOptions;
      this.pool = new Pool({
        connectionString: o.url,
        host: o.host,
        port: o.port,
        user: o.username,
        password: typeof o.password === 'string' ? o.password : undefined,
        database: o.database,
        max: 4,
        connectionTimeoutMillis: 5000,
        options: '-c synchronous_commit=off',
      });
    }
    return this.pool;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.end();
  }

  /**
   * Claims (scope, key) for this request. Returns null when the caller should go ahead, or the
   * first response when this is a replay. Racing duplicates: the primary key lets one win.
   */
  async begin(scope: string, key: string, requestHash: Buffer): Promise<StoredResponse | null> {
    // Named (prepared once per connection): these run for every keyed POST.
    const claimed = await this.fast().query({
      name: 'idempotency_claim',
      text: `INSERT INTO idempotency_record (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      values: [scope, key, requestHash],
    });
    if (claimed.rowCount === 1) return null;
    const { rows } = await this.fast().query<{ request_hash: Buffer; status_code: number | null; response_body: string | null }>(
      `SELECT request_hash, status_code, response_body FROM idempotency_record WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    // Released by the first request between our two statements: it failed, so this one may go ahead.
    if (!rows.length) return this.begin(scope, key, requestHash);
    const existing = rows[0];
    if (!existing.request_hash.equals(requestHash)) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request / 幂等键已用于不同请求');
    }
    if (existing.status_code === null || existing.response_body === null) {
      throw new DomainError('IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still running / 相同请求正在处理');
    }
    return { statusCode: existing.status_code, body: existing.response_body };
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.fast().query({
      name: 'idempotency_complete',
      text: `UPDATE idempotency_record SET status_code = $3, response_body = $4 WHERE scope = $1 AND key = $2`,
      values: [scope, key, response.statusCode, response.body],
    });
  }

  /** A failed request leaves nothing behind, so the client may retry with the same key. */
  async release(scope: string, key: string): Promise<void> {
    await this.fast().query(`DELETE FROM idempotency_record WHERE scope = $1 AND key = $2 AND status_code IS NULL`, [scope, key]);
  }
}
