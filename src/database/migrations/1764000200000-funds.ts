import { MigrationInterface, QueryRunner } from 'typeorm';

/** Funds (指标文件 and allocations): a projection of the journal. */
export class Funds1764000200000 implements MigrationInterface {
  name = 'Funds1764000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE fund (
        id uuid NOT NULL,
        book varchar(12) NOT NULL,
        region_code varchar(12) NOT NULL,
        doc_no text NOT NULL,
        title text NOT NULL,
        source_level text NOT NULL,
        amount bigint NOT NULL,
        issued_on date NOT NULL,
        year int NOT NULL,
        purpose text,
        parent_fund_id uuid,
        entry_seq bigint NOT NULL,
        CONSTRAINT pk_fund PRIMARY KEY (id),
        CONSTRAINT chk_fund_amount CHECK (amount > 0)
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_fund_book_doc_no ON fund (book, doc_no)`);
    await q.query(`CREATE INDEX ix_fund_region_year ON fund (region_code, year)`);
    await q.query(`CREATE INDEX ix_fund_parent ON fund (parent_fund_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE fund`);
  }
}
