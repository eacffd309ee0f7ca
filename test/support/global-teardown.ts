import { rm } from 'node:fs/promises';
import type { RunningPostgres } from '../../src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__SL_TEST_PG__ as
    { server: RunningPostgres; dir: string } | undefined;
  if (!state) return;
  await state.server.stop();
  await rm(state.dir, { recursive: true, force: true });
}
