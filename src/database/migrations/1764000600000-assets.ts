import { MigrationInterface, QueryRunner } from 'typeorm';

/** Project assets, their ownership history, income and distributions: projections of the journal. */
export class Assets1764000600000 implements MigrationInterface {
  name = 'Assets1764000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE asset (
        id uuid NOT NULL,
        book varchar(12) NOT NULL,
        asset_no text NOT NULL,
        project_id uuid NOT NULL,
        name text NOT NULL,
        asset_class text NOT NULL,
        location varchar(12) NOT NULL,
        village_code varchar(12),
        value bigint NOT NULL,
        registered_on date NOT NULL,
        built_on date,
        accepted_on date,
        handed_over_on date,
        owner_type text NOT NULL,
        owner_region_code varchar(12),
        owner_household_id uuid,
        owner_name text,
        operator text,
        custodian text NOT NULL,
        responsible_person text,
        certificate_no text,
        beneficiary_households int NOT NULL,
        beneficiary_persons int NOT NULL,
        status text NOT NULL,
        last_step_on date NOT NULL,
        income_total bigint NOT NULL DEFAULT 0,
        distributed_total bigint NOT NULL DEFAULT 0,
        disposal_method text,
        disposed_on date,
        village_assembly_on date,
        township_approved_on date,
        county_approved_on date,
        proceeds bigint,
        proceeds_to text,
        entry_seq bigint NOT NULL,
        CONSTRAINT pk_asset PRIMARY KEY (id),
        CONSTRAINT chk_asset_value CHECK (value > 0)
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_asset_book_asset_no ON asset (book, asset_no)`);
    await q.query(`CREATE INDEX ix_asset_project ON asset (project_id)`);
    await q.query(`CREATE INDEX ix_asset_location ON asset (location)`);

    await q.query(`
      CREATE TABLE asset_funding (
        asset_id uuid NOT NULL,
        fund_id uuid NOT NULL,
        project_id uuid NOT NULL,
        position int NOT NULL,
        amount bigint NOT NULL,
        CONSTRAINT pk_asset_funding PRIMARY KEY (asset_id, fund_id),
        CONSTRAINT chk_asset_funding_amount CHECK (amount > 0)
      )`);
    await q.query(`CREATE INDEX ix_asset_funding_fund ON asset_funding (fund_id)`);

    await q.query(`
      CREATE TABLE asset_ownership (
        asset_id uuid NOT NULL,
        position int NOT NULL,
        owner_type text NOT NULL,
        owner_region_code varchar(12),
        owner_household_id uuid,
        owner_name text,
        operator text,
        custodian text NOT NULL,
        responsible_person text,
        from_on date NOT NULL,
        doc_no text,
        entry_seq bigint NOT NULL,
        CONSTRAINT pk_asset_ownership PRIMARY KEY (asset_id, position)
      )`);

    await q.query(`
      CREATE TABLE asset_income (
        id uuid NOT NULL,
        asset_id uuid NOT NULL,
        book varchar(12) NOT NULL,
        amount bigint NOT NULL,
        received_on date NOT NULL,
        period text NOT NULL,
        source text NOT NULL,
        entry_seq bigint NOT NULL,
        reversed_seq bigint,
        CONSTRAINT pk_asset_income PRIMARY KEY (id),
        CONSTRAINT chk_asset_income_amount CHECK (amount > 0)
      )`);
    await q.query(`CREATE INDEX ix_asset_income_asset ON asset_income (asset_id, received_on)`);

    await q.query(`
      CREATE TABLE asset_distribution (
        distribution_id uuid NOT NULL,
        position int NOT NULL,
        asset_id uuid NOT NULL,
        book varchar(12) NOT NULL,
        distributed_on date NOT NULL,
        household_id uuid,
        purpose text,
        amount bigint NOT NULL,
        entry_seq bigint NOT NULL,
        reversed_seq bigint,
        CONSTRAINT pk_asset_distribution PRIMARY KEY (distribution_id, position),
        CONSTRAINT chk_asset_distribution_amount CHECK (amount > 0),
        CONSTRAINT chk_asset_distribution_target CHECK ((household_id IS NULL) <> (purpose IS NULL))
      )`);
    await q.query(`CREATE INDEX ix_asset_distribution_asset ON asset_distribution (asset_id, distributed_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE asset_distribution`);
    await q.query(`DROP TABLE asset_income`);
    await q.query(`DROP TABLE asset_ownership`);
    await q.query(`DROP TABLE asset_funding`);
    await q.query(`DROP TABLE asset`);
  }
}
