import { MigrationInterface, QueryRunner } from 'typeorm';

/** Drops the postings-by-fund index: every append paid for it, and no query reads postings by fund alone. */
export class PostingFundIndex1764000700000 implements MigrationInterface {
  name = 'PostingFundIndex1764000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_journal_posting_fund`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_journal_posting_fund ON journal_posting (fund_id)`);
  }
}
