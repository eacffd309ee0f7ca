import { MigrationInterface, QueryRunner } from 'typeorm';

/** Notices and objections (projections), and the insert-only content and submissions the journal must not hold. */
export class Notices1764000500000 implements MigrationInterface {
  name = 'Notices1764000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notice (
        id uuid NOT NULL,
        type text NOT NULL,
        project_id uuid,
        region_code varchar(12) NOT NULL,
        book varchar(12) NOT NULL,
        seq bigint NOT NULL,
        title text NOT NULL,
        issuer text NOT NULL,
        content_hash varchar(64) NOT NULL,
        period_start date NOT NULL,
        period_end date,
        issued_on date NOT NULL,
        corrects_notice_id uuid,
        corrected_by_notice_id uuid,
        published_at timestamptz NOT NULL,
        CONSTRAINT pk_notice PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX ix_notice_project_type ON notice (project_id, type, seq)`);
    await q.query(`CREATE INDEX ix_notice_region ON notice (region_code, published_at)`);
    await q.query(`CREATE UNIQUE INDEX uq_notice_book_seq ON notice (book, seq)`);

    await q.query(`
      CREATE TABLE notice_content (
        content_hash varchar(64) NOT NULL,
        body bytea NOT NULL,
        CONSTRAINT pk_notice_content PRIMARY KEY (content_hash),
        CONSTRAINT chk_notice_content_hash CHECK (content_hash = encode(sha256(body), 'hex'))
      )`);

    await q.query(`
      CREATE TABLE objection (
        id uuid NOT NULL,
        notice_id uuid NOT NULL,
        book varchar(12) NOT NULL,
        filed_seq bigint NOT NULL,
        received_on date NOT NULL,
        summary_hash varchar(64) NOT NULL,
        status text NOT NULL,
        resolution text,
        resolved_on date,
        resolved_seq bigint,
        CONSTRAINT pk_objection PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX ix_objection_notice ON objection (notice_id, filed_seq)`);

    await q.query(`
      CREATE TABLE objection_submission (
        objection_id uuid NOT NULL,
        summary text NOT NULL,
        contact text,
        CONSTRAINT pk_objection_submission PRIMARY KEY (objection_id)
      )`);

    // journal_refuse_change() comes from the journal migration (SQLSTATE SL001).
    for (const table of ['notice_content', 'objection_submission']) {
      await q.query(
        `CREATE TRIGGER trg_${table}_no_update BEFORE UPDATE OR DELETE ON ${table}
           FOR EACH ROW EXECUTE FUNCTION journal_refuse_change()`,
      );
      await q.query(
        `CREATE TRIGGER trg_${table}_no_truncate BEFORE TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['objection_submission', 'objection', 'notice_content', 'notice'])
      await q.query(`DROP TABLE ${table}`);
  }
}
