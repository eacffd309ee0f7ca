import { existsSync } from 'node:fs';
import { parseAppConfig } from '../config/app.config';
import { backupDatabase, restoreDatabase } from './backup';
import { backupDataDir, backupFormat, restoreDataDir } from './data-dir-backup';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * `backup <file>` / `restore <file> [--force]`: pg_dump's custom format against DATABASE_URL; for the embedded
 * server under DATA_DIR a cold copy of the directory (cluster and keys) while the service is stopped. A pg_dump
 * file restores into either; the embedded server is not migrated first, since a restore needs it empty.
 */
export async function runBackupCommand(
  command: 'backup' | 'restore',
  file: string | undefined,
  force = false,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (!file) throw new Error(`${command} needs a file: npm run cli -- ${command} <file>`);
  if (command === 'restore' && !existsSync(file)) throw new Error(`No backup file at ${file}`);
  const external = env.DATABASE_URL;
  const dataDir = parseAppConfig(env).dataDir;
  if (!external && command === 'backup') await backupDataDir(dataDir, file);
  else if (!external && (await backupFormat(file)) === 'data-dir') await restoreDataDir(dataDir, file, force);
  else
    await withServer(external, dataDir, (url) =>
      command === 'backup' ? backupDatabase(url, file) : restoreDatabase(url, file, force),
    );
  console.log(command === 'backup' ? `backup written to ${file}` : `restored from ${file}`);
  return 0;
}

/** DATABASE_URL as it is, or the embedded server under DATA_DIR started for the command and stopped after. */
async function withServer(
  url: string | undefined,
  dataDir: string,
  command: (url: string) => Promise<void>,
): Promise<void> {
  const server = url ? { url, stop: async () => undefined } : await startEmbeddedPostgres(dataDir);
  try {
    await command(server.url);
  } finally {
    await server.stop();
  }
}
