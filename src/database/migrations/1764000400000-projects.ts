import { MigrationInterface, QueryRunner } from 'typeorm';

/** Projects, funding lines and disbursements (projections); payee accounts are personal data, in their own table. */
export class Projects1764000400000 implements MigrationInterface {
  name = 'Projects1764000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE project (
        id uuid NOT NULL,
        book varchar(12) NOT NULL,
        region_code varchar(12) NOT NULL,
        name text NOT NULL,
        category text NOT NULL,
        content text NOT NULL,
        budget bigint NOT NULL,
        self_funded bigint NOT NULL,
        performance_goal text NOT NULL,
        poverty_linkage text NOT NULL,
        beneficiary_households int NOT NULL,
        beneficiary_persons int NOT NULL,
        implementing_unit text NOT NULL,
        responsible_person text NOT NULL,
        planned_start date,
        planned_end date,
        status text NOT NULL,
        applied_on date NOT NULL,
        year int NOT NULL,
        last_step_on date NOT NULL,
        reviewed_on date,
        review_opinion text,
        approval_doc_no text,
        approved_on date,
        advance_limit bigint,
        started_on date,
        contractor text,
        contract_amount bigint,
        procurement text,
        completed_on date,
        accepted_on date,
        acceptance_result text,
        final_cost bigint,
        acceptance_opinion text,
        retention bigint,
        retention_due_on date,
        cancelled_on date,
        cancel_reason text,
        settled_on date,
        advance_paid bigint NOT NULL DEFAULT 0,
        entry_seq bigint NOT NULL,
        CONSTRAINT pk_project PRIMARY KEY (id),
        CONSTRAINT chk_project_budget CHECK (budget > 0 AND self_funded >= 0 AND self_funded <= budget)
      )`);
    await q.query(`CREATE INDEX ix_project_region_year ON project (region_code, year)`);
    await q.query(`CREATE INDEX ix_project_book_status ON project (book, status)`);

    await q.query(`
      CREATE TABLE project_funding (
        project_id uuid NOT NULL,
        fund_id uuid NOT NULL,
        committed_seq bigint NOT NULL,
        position int NOT NULL,
        committed bigint NOT NULL DEFAULT 0,
        released bigint NOT NULL DEFAULT 0,
        disbursed bigint NOT NULL DEFAULT 0,
        CONSTRAINT pk_project_funding PRIMARY KEY (project_id, fund_id)
      )`);
    await q.query(`CREATE INDEX ix_project_funding_fund ON project_funding (fund_id)`);

    await q.query(`
      CREATE TABLE disbursement (
        id uuid NOT NULL,
        project_id uuid NOT NULL,
        book varchar(12) NOT NULL,
        kind text NOT NULL,
        amount bigint NOT NULL,
        paid_on date NOT NULL,
        payee_name text,
        payee_type text NOT NULL,
        payee_key text NOT NULL,
        household_id uuid,
        voucher_no text NOT NULL,
        funding jsonb NOT NULL,
        settles boolean NOT NULL DEFAULT false,
        entry_seq bigint NOT NULL,
        reversed_seq bigint,
        CONSTRAINT pk_disbursement PRIMARY KEY (id),
        CONSTRAINT chk_disbursement_amount CHECK (amount > 0)
      )`);
    await q.query(`CREATE INDEX ix_disbursement_project ON disbursement (project_id, entry_seq)`);
    await q.query(`CREATE UNIQUE INDEX uq_disbursement_book_voucher ON disbursement (book, voucher_no)`);

    await q.query(`
      CREATE TABLE disbursement_payee_account (
        disbursement_id uuid NOT NULL,
        account_no text NOT NULL,
        CONSTRAINT pk_disbursement_payee_account PRIMARY KEY (disbursement_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE disbursement_payee_account`);
    await q.query(`DROP TABLE disbursement`);
    await q.query(`DROP TABLE project_funding`);
    await q.query(`DROP TABLE project`);
  }
}
