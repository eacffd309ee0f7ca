import { Client } from 'pg';

/** The settings without which a crash of the server (or the machine) can lose or tear acknowledged entries. */
const REQUIRED = ['fsync', 'full_page_writes'] as const;

/**
 * Refuses a server that does not make commits durable: with `fsync=off` a power cut loses entries the
 * journal already acknowledged (or corrupts the cluster), and `full_page_writes=off` lets a torn page go
 * unrepaired. `ALLOW_UNSAFE_FSYNC=1` runs anyway (a throwaway benchmark server), with a warning.
 */
export async function assertDurableServer(
  url: string,
  log: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  let off: string[];
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name = ANY($1)`,
      [REQUIRED],
    );
    off = rows.filter((r) => r.setting !== 'on').map((r) => `${r.name}=${r.setting}`);
  } finally {
    await client.end();
  }
  if (!off.length) return;
  const what = `the database server runs with ${off.join(', ')}: a crash can lose acknowledged entries`;
  if (env.ALLOW_UNSAFE_FSYNC === '1') {
    log(`WARNING: ${what} (ALLOW_UNSAFE_FSYNC=1)`);
    return;
  }
  throw new Error(`Refusing to start: ${what}. Turn them on, or set ALLOW_UNSAFE_FSYNC=1 for a throwaway server.`);
}
