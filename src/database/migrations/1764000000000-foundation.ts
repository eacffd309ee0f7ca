import { MigrationInterface, QueryRunner } from 'typeorm';

/** Regions, users with hashed tokens, and stored idempotent responses. */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE region (
        code varchar(12) NOT NULL,
        name text NOT NULL,
        level text NOT NULL,
        parent_code varchar(12),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_region PRIMARY KEY (code),
        CONSTRAINT chk_region_code CHECK (code ~ '^[0-9]{12}$'),
        CONSTRAINT chk_region_level CHECK (level IN ('country','province','city','county','township','village')),
        CONSTRAINT fk_region_parent FOREIGN KEY (parent_code) REFERENCES region(code) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX ix_region_parent ON region (parent_code)`);
    // The root every region hangs from; a country-wide admin's scope.
    await q.query(`INSERT INTO region (code, name, level) VALUES ('000000000000', '中华人民共和国', 'country')`);

    await q.query(`
      CREATE TABLE app_user (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL,
        region_code varchar(12) NOT NULL,
        token_hash bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CONSTRAINT pk_app_user PRIMARY KEY (id),
        CONSTRAINT chk_app_user_role CHECK (role IN ('admin','finance','program','township','village','auditor')),
        CONSTRAINT fk_app_user_region FOREIGN KEY (region_code) REFERENCES region(code) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX ix_app_user_region ON app_user (region_code)`);
    await q.query(`CREATE UNIQUE INDEX uq_app_user_token_hash ON app_user (token_hash)`);

    await q.query(`
      CREATE TABLE idempotency_record (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash bytea NOT NULL,
        status_code int,
        response_body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_idempotency_record PRIMARY KEY (scope, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_record`);
    await q.query(`DROP TABLE app_user`);
    await q.query(`DROP TABLE region`);
  }
}
