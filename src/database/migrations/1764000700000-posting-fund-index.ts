import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops the index of postings by fund alone: no query reads postings by fund without their book
 * and account (those use ix_journal_posting_account), and every posting paid for it on append —
 * a quarter of a posting's index work (docs/benchmarks.md, session 4).
 */
export class PostingFundIndex1764000700000 implements MigrationInterface {
  name = 'PostingFundIndex1764000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_journal_posting_fund`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_journal_posting_fund ON journal_posting (fund_id)`);
  }
}
