import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { DomainError } from '../common/errors/domain-error';
import { binaryArray } from '../database/binary-array';
import { InstanceLease } from './instance-lease';
import { TurnBatcher } from './turn-batcher';

export interface StoredResponse {
  statusCode: number;
  body: string;
}

type Claim = { scope: string; key: string; requestHash: Buffer };
type Completion = { scope: string; key: string; response: StoredResponse };
type Write = Claim | Completion;

/**
 * Claims and stored responses of keyed POSTs, batched per turn on a pool with `synchronous_commit = off`: any durable
 * write of the request flushes the WAL past its claim, so a claim lost in a crash lost nothing with it. A claim whose
 * owner's lease is gone is taken over by the retry, which runs the request again: the journal's unique (book, key)
 * entry then replays it or applies it once.
 */
@Injectable()
export class IdempotencyService implements OnModuleDestroy {
  private pool?: Pool;
  private lease?: InstanceLease;
  private readonly writes = new TurnBatcher((items: Write[]) => this.writeAll(items));

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private fast(): Pool {
    if (!this.pool) {
      const o = this.db.options as PostgresConnectionOptions;
      const connection = {
        connectionString: o.url,
        host: o.host,
        port: o.port,
        user: o.username,
        password: typeof o.password === 'string' ? o.password : undefined,
        database: o.database,
      };
      this.lease = new InstanceLease(connection);
      this.pool = new Pool({
        ...connection,
        max: 4,
        connectionTimeoutMillis: 5000,
        // Every statement here finds its rows by primary key: pin that plan (no seq scan, hash or merge
        // join) and plan it once per connection instead of at every run.
        options:
          '-c synchronous_commit=off -c plan_cache_mode=force_generic_plan ' +
          '-c enable_seqscan=off -c enable_hashjoin=off -c enable_mergejoin=off -c enable_bitmapscan=off',
      });
      // An idle connection the server dropped (restart, terminated backend) is discarded by the pool; not a crash.
      this.pool.on('error', () => undefined);
    }
    return this.pool;
  }

  private leaseId(): Promise<number> {
    this.fast();
    return this.lease!.id();
  }

  async onModuleDestroy(): Promise<void> {
    await this.lease?.close();
    await this.pool?.end();
  }

  /** Claims (scope, key): null to go ahead, or the first response for a replay. Of racing duplicates, one wins. */
  async begin(scope: string, key: string, requestHash: Buffer): Promise<StoredResponse | null> {
    if (await this.writes.push({ scope, key, requestHash })) return null;
    const { rows } = await this.fast().query<{
      request_hash: Buffer;
      status_code: number | null;
      response_body: string | null;
      owner: number | null;
    }>(`SELECT request_hash, status_code, response_body, owner FROM idempotency_record WHERE scope = $1 AND key = $2`, [
      scope,
      key,
    ]);
    // Released by the first request between our two statements: it failed, so this one may go ahead.
    if (!rows.length) return this.begin(scope, key, requestHash);
    const existing = rows[0];
    if (!existing.request_hash.equals(requestHash)) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used with a different request / 幂等键已用于不同请求',
      );
    }
    if (existing.status_code === null || existing.response_body === null) {
      if (await this.takeOver(scope, key, existing.owner)) return null;
      throw new DomainError(
        'IDEMPOTENCY_KEY_IN_PROGRESS',
        'A request with this Idempotency-Key is still running / 相同请求正在处理',
      );
    }
    return { statusCode: existing.status_code, body: existing.response_body };
  }

  /**
   * An in-flight claim whose owner no longer holds its lease was left by a crash: the first retry to move
   * it to its own lease runs the request again (of racing retries one wins; the others see a live owner).
   */
  private async takeOver(scope: string, key: string, owner: number | null): Promise<boolean> {
    const pool = this.fast();
    if (owner !== null && (await this.lease!.alive([owner], (sql, p) => pool.query(sql, p))).has(owner)) return false;
    const { rowCount } = await pool.query(
      `UPDATE idempotency_record SET owner = $3
        WHERE scope = $1 AND key = $2 AND status_code IS NULL AND owner IS NOT DISTINCT FROM $4`,
      [scope, key, await this.leaseId(), owner],
    );
    return rowCount === 1;
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.writes.push({ scope, key, response });
  }

  /** One statement for a turn's claims (a key twice in a turn: only the first can win) and completions. */
  private async writeAll(items: Write[]): Promise<boolean[]> {
    const id = (x: { scope: string; key: string }) => JSON.stringify([x.scope, x.key]);
    const firstById = new Map<string, Claim>();
    for (const x of items) if ('requestHash' in x && !firstById.has(id(x))) firstById.set(id(x), x);
    const first = [...firstById.values()];
    const done = items.filter((x): x is Completion => 'response' in x);
    const owner = first.length ? await this.leaseId() : null;
    // Named (prepared once per connection) with binary arrays: this runs for every keyed POST.
    const { rows } = await this.fast().query<{ scope: string; key: string }>({
      name: 'idempotency_write',
      text: `WITH done AS (
               UPDATE idempotency_record r SET status_code = x.status, response_body = x.body
                 FROM unnest($4::text[], $5::text[], $6::int[], $7::text[]) AS x(scope, key, status, body)
                WHERE r.scope = x.scope AND r.key = x.key)
             INSERT INTO idempotency_record (scope, key, request_hash, owner)
             SELECT *, $8::int FROM unnest($1::text[], $2::text[], $3::bytea[])
             ON CONFLICT DO NOTHING RETURNING scope, key`,
      values: [
        binaryArray(
          'text',
          first.map((x) => x.scope),
        ),
        binaryArray(
          'text',
          first.map((x) => x.key),
        ),
        binaryArray(
          'bytea',
          first.map((x) => x.requestHash),
        ),
        binaryArray(
          'text',
          done.map((x) => x.scope),
        ),
        binaryArray(
          'text',
          done.map((x) => x.key),
        ),
        binaryArray(
          'int4',
          done.map((x) => x.response.statusCode),
        ),
        binaryArray(
          'text',
          done.map((x) => x.response.body),
        ),
        owner,
      ],
    });
    const won = new Set(rows.map(id));
    return items.map((x) => 'requestHash' in x && won.delete(id(x)));
  }

  /** A failed request leaves nothing behind, so the client may retry with the same key. */
  async release(scope: string, key: string): Promise<void> {
    await this.fast().query(`DELETE FROM idempotency_record WHERE scope = $1 AND key = $2 AND status_code IS NULL`, [
      scope,
      key,
    ]);
  }
}
