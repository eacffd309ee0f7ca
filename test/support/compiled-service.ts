import { execFile, spawn, ChildProcess } from 'node:child_process';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * src compiled to JavaScript without type checks (`npm run typecheck` does those), under node_modules so
 * that its requires find the packages.
 */
export async function compileService(): Promise<string> {
  const out = join(process.cwd(), 'node_modules', '.cache', `sl-crash-service-${process.pid}`);
  await rm(out, { recursive: true, force: true });
  await run(process.execPath, [
    require.resolve('typescript/bin/tsc'),
    ...['-p', 'tsconfig.build.json', '--noCheck', '--incremental', 'false', '--sourceMap', 'false'],
    ...['--outDir', out],
  ]);
  await mkdir(join(out, 'public', 'assets'), { recursive: true });
  await cp(join('src', 'public', 'assets'), join(out, 'public', 'assets'), { recursive: true });
  return out;
}

export interface ServiceProcess {
  child: ChildProcess;
  base: string;
  /** What it wrote to stderr so far (a crash's reason). */
  stderr(): string;
  /** SIGKILL: no shutdown hook runs, the sockets just close. */
  kill(): Promise<void>;
}

/** Starts the compiled app on `databaseUrl` in a child process; resolves once it listens. */
export function startService(compiled: string, databaseUrl: string, env: NodeJS.ProcessEnv = {}) {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'test/support/crash-service.ts', compiled, databaseUrl],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent', ...env } },
  );
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<ServiceProcess>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`service exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^LISTENING (\d+)$/.exec(line);
      if (m)
        resolve({
          child,
          base: `http://127.0.0.1:${m[1]}`,
          stderr: () => stderr,
          kill: async () => {
            child.kill('SIGKILL');
            await exited;
          },
        });
    });
  });
}
