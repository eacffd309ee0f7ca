import { AppConfig } from '../config/app.config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { assertDurableServer } from './durability';
import { migrate } from './migrate';

export interface OpenDatabase {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/** DATABASE_URL, or else an embedded server under DATA_DIR so `npm start` needs nothing installed; migrated first. */
export async function openDatabase(
  config: AppConfig,
  log: (line: string) => void,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<OpenDatabase> {
  const external = process.env.DATABASE_URL;
  const server = external
    ? { url: external, stop: async () => undefined }
    : await startEmbeddedPostgres(config.dataDir, log);
  try {
    await assertDurableServer(server.url, warn);
    const applied = await migrate(server.url);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { url: server.url, embedded: !external, close: () => server.stop() };
}
