import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * What an embedded installation is: the cluster and the secrets beside it. The keys travel with the data because
 * the data is unreadable without them (household ID numbers) or unverifiable against what was published
 * (checkpoints signed with the signing key).
 */
const DATA_DIR_PARTS = ['pg', 'pg-password', 'signing-key.pem', 'household-key', 'app-secret'];

/** pg_dump's custom format starts with these bytes; the embedded archive is gzip (1f 8b). */
export async function backupFormat(file: string): Promise<'pg_dump' | 'data-dir' | 'unknown'> {
  const handle = await open(file, 'r');
  try {
    const { buffer } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    if (buffer.toString('latin1') === 'PGDMP') return 'pg_dump';
    return buffer[0] === 0x1f && buffer[1] === 0x8b ? 'data-dir' : 'unknown';
  } finally {
    await handle.close();
  }
}

function assertStopped(dataDir: string): void {
  if (existsSync(join(dataDir, 'pg', 'postmaster.pid')))
    throw new Error(`The embedded server under ${dataDir} is running: stop the service first`);
}

/**
 * A cold copy of the embedded installation (tar + gzip), taken while its server is stopped, so the files are
 * consistent without pg_dump — whose PostgreSQL 18 client no Debian or npm package ships.
 */
export async function backupDataDir(dataDir: string, file: string): Promise<void> {
  if (!existsSync(join(dataDir, 'pg', 'PG_VERSION'))) throw new Error(`No embedded database under ${dataDir}`);
  assertStopped(dataDir);
  const parts = DATA_DIR_PARTS.filter((p) => existsSync(join(dataDir, p)));
  await run('tar', ['-czf', file, '-C', dataDir, ...parts]);
  await chmod(file, 0o600);
}

/** Puts an embedded installation back; one already there is refused unless `force`, which removes it first. */
export async function restoreDataDir(dataDir: string, file: string, force = false): Promise<void> {
  assertStopped(dataDir);
  if (existsSync(join(dataDir, 'pg', 'PG_VERSION')) && !force)
    throw new Error(`${dataDir} already holds a database: restore into an empty DATA_DIR, or pass --force`);
  for (const part of DATA_DIR_PARTS) await rm(join(dataDir, part), { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  // Owners by name as archived: as root the cluster stays the postgres user's, which the server runs as.
  await run('tar', ['-xzf', file, '-C', dataDir]);
}
