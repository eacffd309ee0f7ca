import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff console (issue 16): users may sign in with a username and a password (scrypt, params kept
 * with the hash), and signed-in browsers hold a server-side session. Token-only users keep no username.
 */
export class ConsoleSignIn1764003000000 implements MigrationInterface {
  name = 'ConsoleSignIn1764003000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN username text,
        ADD COLUMN password_hash text,
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN failed_sign_ins int NOT NULL DEFAULT 0,
        ADD COLUMN locked_until timestamptz`);
    await q.query(`CREATE UNIQUE INDEX uq_app_user_username ON app_user (username)`);
    await q.query(`
      CREATE TABLE console_session (
        id_hash bytea NOT NULL,
        user_id uuid NOT NULL,
        csrf_secret bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CONSTRAINT pk_console_session PRIMARY KEY (id_hash),
        CONSTRAINT fk_console_session_user FOREIGN KEY (user_id) REFERENCES app_user(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_console_session_user ON console_session (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE console_session`);
    await q.query(`DROP INDEX uq_app_user_username`);
    await q.query(`
      ALTER TABLE app_user DROP COLUMN username, DROP COLUMN password_hash, DROP COLUMN must_change_password,
        DROP COLUMN failed_sign_ins, DROP COLUMN locked_until`);
  }
}
