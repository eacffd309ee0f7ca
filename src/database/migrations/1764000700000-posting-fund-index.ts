import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops the index of postings by fund alone: no query reads postings by fund without book and
 * account (ix_journal_posting_account serves those), and every append paid for it.
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
