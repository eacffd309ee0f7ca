import { parseAppConfig } from '../config/app.config';
import { backupDatabase, restoreDatabase } from './backup';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * `backup <file>` / `restore <file> [--force]` against DATABASE_URL or the embedded server under DATA_DIR,
 * which is not migrated first: a restore needs the database as it is (empty), not with a fresh schema.
 */
export async function runBackupCommand(
  command: 'backup' | 'restore',
  file: string | undefined,
  force = false,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (!file) throw new Error(`${command} needs a file: npm run cli -- ${command} <file>`);
  const external = env.DATABASE_URL;
  const server = external
    ? { url: external, stop: async () => undefined }
    : await startEmbeddedPostgres(parseAppConfig(env).dataDir);
  try {
    if (command === 'backup') await backupDatabase(server.url, file);
    else await restoreDatabase(server.url, file, force);
    console.log(command === 'backup' ? `backup written to ${file}` : `restored from ${file}`);
    return 0;
  } finally {
    await server.stop();
  }
}
