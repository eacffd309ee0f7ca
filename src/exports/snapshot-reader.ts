import Cursor from 'pg-cursor';
import type { PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';

/** Rows per cursor read: one CSV write or one batch of committed xlsx rows. */
export const EXPORT_BATCH = 1000;

/**
 * One export's read: a REPEATABLE READ READ ONLY transaction on its own connection, so every query sees the same
 * moment, and server-side cursors, so a table of any size passes through in constant memory.
 */
export class SnapshotReader {
  private cursor?: Cursor;
  private closed = false;

  private constructor(
    private readonly runner: QueryRunner,
    private readonly client: PoolClient,
  ) {}

  static async open(db: DataSource): Promise<SnapshotReader> {
    const runner = db.createQueryRunner('slave');
    const client = (await runner.connect()) as PoolClient;
    const reader = new SnapshotReader(runner, client);
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    } catch (err) {
      await reader.close();
      throw err;
    }
    return reader;
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query(sql, params)).rows as T[];
  }

  /** The rows of `sql` in batches; stops (and closes the cursor) when the consumer stops iterating. */
  async *batches<T>(sql: string, params: unknown[], size = EXPORT_BATCH): AsyncIterable<T[]> {
    const cursor = this.client.query(new Cursor<T>(sql, params));
    this.cursor = cursor as Cursor;
    try {
      for (;;) {
        const rows = await cursor.read(size);
        if (rows.length) yield rows;
        if (rows.length < size) return;
      }
    } finally {
      this.cursor = undefined;
      await cursor.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.cursor?.close().catch(() => undefined);
      await this.client.query('ROLLBACK');
    } catch {
      // A broken connection: release below discards it.
    } finally {
      await this.runner.release();
    }
  }
}
