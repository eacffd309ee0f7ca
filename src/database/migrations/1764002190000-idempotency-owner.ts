import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lease of the instance working on a keyed request (src/idempotency/instance-lease.ts): a claim left in
 * flight by a crashed instance is then recognised and recovered by the retry instead of answering 409 forever.
 * Claims made before have none and count as abandoned.
 */
export class IdempotencyOwner1764002190000 implements MigrationInterface {
  name = 'IdempotencyOwner1764002190000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_record ADD COLUMN owner int`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_record DROP COLUMN owner`);
  }
}
