import { Client } from 'pg';
import { migrate } from '../database/migrate';
import { APPEND_ONLY_TABLES, AUDIT_COPY, PROJECTION_TABLES, PUBLISHED_TABLES, ROW_KEY } from './audit-copy.tables';

/** Sequences survive the rollback of the apply transaction that a refusal aborts: the only record PG 15 keeps. */
export const REFUSAL_SEQUENCES = ['table', 'op', 'book', 'key', 'at'].map((f) => `audit_copy_refused_${f}`);

async function connected<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** On the county's server: the publication (idempotent; needs wal_level = logical, which takes a restart). */
export async function publishCounty(countyUrl: string): Promise<void> {
  await connected(countyUrl, async (c) => {
    const [{ wal_level }] = (await c.query<{ wal_level: string }>(`SHOW wal_level`)).rows;
    if (wal_level !== 'logical')
      throw new Error(
        `The county's server runs with wal_level=${wal_level}: set wal_level = logical and restart it first`,
      );
    const exists = (await c.query(`SELECT 1 FROM pg_publication WHERE pubname = $1`, [AUDIT_COPY])).rowCount;
    const list = PUBLISHED_TABLES.join(', ');
    await c.query(
      exists
        ? `ALTER PUBLICATION ${AUDIT_COPY} SET TABLE ${list}`
        : `CREATE PUBLICATION ${AUDIT_COPY} FOR TABLE ${list}`,
    );
  });
}

/** The refusal trigger of the copy: it records which row was refused, then refuses it as the journal does. */
const REFUSE_FUNCTION = `
  CREATE OR REPLACE FUNCTION audit_copy_refuse_change() RETURNS trigger LANGUAGE plpgsql
  -- The apply worker runs with an empty search_path.
  SET search_path = pg_catalog, public AS $$
  DECLARE
    key_column text := TG_ARGV[0];
    book text;
    key bigint;
  BEGIN
    IF TG_LEVEL = 'ROW' THEN
      book := to_jsonb(OLD) ->> 'book';
      IF key_column <> '' THEN key := (to_jsonb(OLD) ->> key_column)::bigint; END IF;
    END IF;
    PERFORM setval('audit_copy_refused_table', TG_RELID::bigint, true);
    PERFORM setval('audit_copy_refused_op', CASE TG_OP WHEN 'UPDATE' THEN 1 WHEN 'DELETE' THEN 2 ELSE 3 END, true);
    -- A leading 1 keeps the book code's leading zeros; 1 alone: no (numeric) book.
    PERFORM setval('audit_copy_refused_book',
                   CASE WHEN book ~ '^[0-9]{1,17}$' THEN ('1' || book)::bigint ELSE 1 END, true);
    PERFORM setval('audit_copy_refused_key', COALESCE(key, 0) + 1, true);
    PERFORM setval('audit_copy_refused_at', extract(epoch FROM clock_timestamp())::bigint, true);
    RAISE EXCEPTION '% of % (book %, % %) refused: the audit copy keeps the journal as it was first published',
      TG_OP, TG_TABLE_NAME, book, key_column, key USING ERRCODE = 'SL001';
  END $$`;

/**
 * On the audit bureau's server: the schema, emptied of what the migrations seeded (the county's rows arrive with the
 * initial copy), append-only triggers that fire for the replication apply too, and the subscription. `countyConninfo`
 * is how the copy's server reaches the county's, which may differ from how this CLI does.
 */
export async function subscribeCopy(copyUrl: string, countyConninfo: string): Promise<'created' | 'exists'> {
  await migrate(copyUrl);
  return connected(copyUrl, async (c) => {
    if ((await c.query(`SELECT 1 FROM pg_subscription WHERE subname = $1`, [AUDIT_COPY])).rowCount) return 'exists';
    const [{ n }] = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM journal_entry`)).rows;
    if (n > 0) throw new Error(`The copy's database already holds ${n} journal entries: use an empty database`);
    await c.query('BEGIN');
    try {
      await c.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')} CASCADE`);
      for (const seq of REFUSAL_SEQUENCES) await c.query(`CREATE SEQUENCE IF NOT EXISTS ${seq} MINVALUE 0 START 0`);
      await c.query(REFUSE_FUNCTION);
      for (const table of APPEND_ONLY_TABLES) {
        // Named to fire before the journal's own trigger (triggers of one event fire in name order).
        await c.query(`DROP TRIGGER IF EXISTS trg_${table}_audit_copy ON ${table}`);
        await c.query(
          `CREATE TRIGGER trg_${table}_audit_copy BEFORE UPDATE OR DELETE ON ${table}
             FOR EACH ROW EXECUTE FUNCTION audit_copy_refuse_change('${ROW_KEY[table]}')`,
        );
        const { rows } = await c.query<{ tgname: string }>(
          `SELECT tgname FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal`,
          [table],
        );
        // The apply worker runs with session_replication_role = replica, when ordinary triggers stay silent.
        for (const { tgname } of rows) await c.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${tgname}`);
      }
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK');
      throw err;
    }
    // Not in a transaction block: it creates the replication slot on the county's server.
    await c.query(
      `CREATE SUBSCRIPTION ${AUDIT_COPY} CONNECTION ${c.escapeLiteral(countyConninfo)}
         PUBLICATION ${AUDIT_COPY} WITH (disable_on_error = true)`,
    );
    return 'created';
  });
}
