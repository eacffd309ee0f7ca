import { MigrationInterface, QueryRunner } from 'typeorm';

/** Households (建档立卡): personal data beside the journal; ID numbers encrypted, with a keyed hash for duplicates. */
export class Households1764000300000 implements MigrationInterface {
  name = 'Households1764000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE household (
        id uuid NOT NULL,
        book varchar(12) NOT NULL,
        region_code varchar(12) NOT NULL,
        head_name text NOT NULL,
        id_number_sealed bytea NOT NULL,
        id_number_hmac bytea NOT NULL,
        id_number_masked varchar(18) NOT NULL,
        members int NOT NULL,
        labor_capacity text NOT NULL,
        category text NOT NULL,
        since date NOT NULL,
        until date,
        exit_reason text,
        CONSTRAINT pk_household PRIMARY KEY (id),
        CONSTRAINT chk_household_members CHECK (members BETWEEN 1 AND 30),
        CONSTRAINT chk_household_until CHECK (until IS NULL OR until >= since)
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_household_id_number_hmac ON household (id_number_hmac)`);
    await q.query(`CREATE INDEX ix_household_region ON household (region_code, id)`);
    await q.query(`
      CREATE TABLE household_key_check (
        id smallint NOT NULL,
        fingerprint bytea NOT NULL,
        CONSTRAINT pk_household_key_check PRIMARY KEY (id),
        CONSTRAINT chk_household_key_check_single CHECK (id = 1)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE household_key_check`);
    await q.query(`DROP TABLE household`);
  }
}
