import { MigrationInterface, QueryRunner } from 'typeorm';

const APPEND_ONLY = ['journal_entry', 'journal_posting', 'journal_checkpoint', 'journal_tree_node'];

/** The journal: hash-chained entries, double-entry postings, balances, checkpoints, tree nodes. */
export class Journal1764000100000 implements MigrationInterface {
  name = 'Journal1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE journal_book (
        code varchar(12) NOT NULL,
        head_seq bigint NOT NULL DEFAULT 0,
        head_hash bytea NOT NULL,
        CONSTRAINT pk_journal_book PRIMARY KEY (code)
      )`);
    await q.query(`
      CREATE TABLE journal_entry (
        book varchar(12) NOT NULL,
        seq bigint NOT NULL,
        type text NOT NULL,
        occurred_on date NOT NULL,
        recorded_at timestamptz NOT NULL,
        actor text NOT NULL,
        subjects text[] NOT NULL,
        idempotency_key text,
        reverses_seq bigint,
        body bytea NOT NULL,
        prev_hash bytea NOT NULL,
        hash bytea NOT NULL,
        CONSTRAINT pk_journal_entry PRIMARY KEY (book, seq),
        CONSTRAINT chk_journal_entry_seq CHECK (seq > 0),
        CONSTRAINT chk_journal_entry_hash CHECK (octet_length(hash) = 32 AND octet_length(prev_hash) = 32)
      )`);
    // Partial: most entries carry no key and need no index entry.
    await q.query(
      `CREATE UNIQUE INDEX uq_journal_entry_idempotency ON journal_entry (book, idempotency_key)
        WHERE idempotency_key IS NOT NULL`,
    );
    // An entry can be reversed once.
    await q.query(
      `CREATE UNIQUE INDEX uq_journal_entry_reverses ON journal_entry (book, reverses_seq)
        WHERE reverses_seq IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ix_journal_entry_subjects ON journal_entry USING gin (subjects)`);

    await q.query(`
      CREATE TABLE journal_posting (
        book varchar(12) NOT NULL,
        seq bigint NOT NULL,
        idx smallint NOT NULL,
        account text NOT NULL,
        fund_id uuid NOT NULL,
        amount bigint NOT NULL,
        occurred_on date NOT NULL,
        CONSTRAINT pk_journal_posting PRIMARY KEY (book, seq, idx),
        CONSTRAINT chk_journal_posting_nonzero CHECK (amount <> 0)
      )`);
    await q.query(`CREATE INDEX ix_journal_posting_account ON journal_posting (book, account, fund_id, occurred_on)`);
    await q.query(`CREATE INDEX ix_journal_posting_fund ON journal_posting (fund_id)`);

    await q.query(`
      CREATE TABLE ledger_account (
        book varchar(12) NOT NULL,
        account text NOT NULL,
        fund_id uuid NOT NULL,
        balance bigint NOT NULL,
        non_negative boolean NOT NULL,
        CONSTRAINT pk_ledger_account PRIMARY KEY (book, account, fund_id),
        CONSTRAINT chk_ledger_account_non_negative CHECK (NOT non_negative OR balance >= 0)
      )`);
    await q.query(`
      CREATE TABLE ledger_fund (
        fund_id uuid NOT NULL,
        book varchar(12) NOT NULL,
        created_seq bigint NOT NULL,
        CONSTRAINT pk_ledger_fund PRIMARY KEY (fund_id)
      )`);
    await q.query(`
      CREATE TABLE journal_checkpoint (
        book varchar(12) NOT NULL,
        tree_size bigint NOT NULL,
        root_hash bytea NOT NULL,
        signed_at timestamptz NOT NULL,
        key_id text NOT NULL,
        body text NOT NULL,
        signature text NOT NULL,
        CONSTRAINT pk_journal_checkpoint PRIMARY KEY (book, tree_size)
      )`);
    await q.query(`
      CREATE TABLE journal_tree_node (
        book varchar(12) NOT NULL,
        level smallint NOT NULL,
        idx bigint NOT NULL,
        hash bytea NOT NULL,
        CONSTRAINT pk_journal_tree_node PRIMARY KEY (book, level, idx)
      )`);
    await q.query(`
      CREATE TABLE journal_tree_state (
        book varchar(12) NOT NULL,
        size bigint NOT NULL,
        frontier bytea[] NOT NULL,
        CONSTRAINT pk_journal_tree_state PRIMARY KEY (book)
      )`);

    // Append-only whoever the client is: corrections are reversal entries, never edits.
    await q.query(`
      CREATE FUNCTION journal_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on % is not allowed: the journal is append-only', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'SL001';
      END $$`);
    for (const table of APPEND_ONLY) {
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
    for (const table of [
      'journal_tree_state',
      'journal_tree_node',
      'journal_checkpoint',
      'ledger_fund',
      'ledger_account',
      'journal_posting',
      'journal_entry',
      'journal_book',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION journal_refuse_change()`);
  }
}
