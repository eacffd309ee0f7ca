import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * One PostgreSQL server for the whole run: the one at TEST_DATABASE_URL, or an embedded server
 * in a temp directory. Each e2e file then creates its own database on it (see test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  // Test databases are throwaway: the service and CLI that tests spawn may run on a CI server tuned with fsync
  // off (test/database/durability.e2e-spec.ts checks the refusal with its own environment).
  process.env.ALLOW_UNSAFE_FSYNC ??= '1';
  if (process.env.TEST_DATABASE_URL) {
    process.env.SL_TEST_SERVER_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'sl-test-pg-'));
  const server = await startEmbeddedPostgres(dir);
  process.env.SL_TEST_SERVER_URL = server.url;
  (globalThis as Record<string, unknown>).__SL_TEST_PG__ = { server, dir };
}
