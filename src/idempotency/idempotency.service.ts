import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { IdempotencyRecord } from './idempotency-record.entity';

export interface StoredResponse {
  statusCode: number;
  body: string;
}

@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Claims (scope, key) for this request. Returns null when the caller should go ahead, or the
   * first response when this is a replay. Racing duplicates: the primary key lets one win.
   */
  async begin(scope: string, key: string, requestHash: Buffer): Promise<StoredResponse | null> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO idempotency_record (scope, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [scope, key, requestHash],
    );
    if (inserted.length === 1) return null;
    const existing = await this.db.getRepository(IdempotencyRecord).findOneByOrFail({ scope, key });
    if (!existing.requestHash.equals(requestHash)) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request / 幂等键已用于不同请求');
    }
    if (existing.statusCode === null || existing.responseBody === null) {
      throw new DomainError('IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still running / 相同请求正在处理');
    }
    return { statusCode: existing.statusCode, body: existing.responseBody };
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    // Plain SQL: this runs once per keyed POST, and the query builder costs more than the statement.
    await this.db.query(`UPDATE idempotency_record SET status_code = $3, response_body = $4 WHERE scope = $1 AND key = $2`, [scope, key, response.statusCode, response.body]);
  }

  /** A failed request leaves nothing behind, so the client may retry with the same key. */
  async release(scope: string, key: string): Promise<void> {
    await this.db.getRepository(IdempotencyRecord).delete({ scope, key, statusCode: IsNull() });
  }
}
