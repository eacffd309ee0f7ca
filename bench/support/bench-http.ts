import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A port nobody listens on right now (the app takes it a moment later). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  base: string;
  child: ChildProcess;
  /** The app's error-level log lines (the first 20), so a bench that saw a 5xx can say why. */
  errors: string[];
  stop(): Promise<void>;
}

/**
 * The real service in its own process, so the load generator does not share its event loop;
 * answers once it logs that it listens. It runs dist/main.js as `npm start` does (the bench
 * script builds first): under ts-node the app would carry ts-node's REPL, whose `domain` module
 * wraps every EventEmitter. BENCH_ENTRY=src runs src/main.ts through ts-node instead. `root`: the
 * checkout whose build runs (bench/disburse-ab.ts runs two).
 */
export async function startApp(
  env: Record<string, string>,
  nodeArgs: string[] = [],
  root = join(__dirname, '..', '..'),
): Promise<RunningApp> {
  const port = await freePort();
  const entry =
    process.env.BENCH_ENTRY === 'src'
      ? ['-r', 'ts-node/register/transpile-only', join(root, 'src', 'main.ts')]
      : [join(root, 'dist', 'main.js')];
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: root,
    // Every bench client is one address: rate limits off unless the bench sets them (RATE_LIMIT_* in README).
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      RATE_LIMIT_PUBLIC: '0',
      RATE_LIMIT_OBJECTIONS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start within 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Sunshine Ledger listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the app exited with ${code}:\n${output}`)));
  });
  const errors: string[] = [];
  const keepErrors = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n'))
      if (errors.length < 20 && /"level":(50|60)/.test(line)) errors.push(line.slice(0, 2000));
  };
  child.stdout!.on('data', keepErrors);
  child.stderr!.on('data', keepErrors);
  // What the app says while it stops (e.g. the query counts of BENCH_QUERIES) is passed on.
  child.stderr!.on('data', (chunk: Buffer) => {
    if (chunk.includes('[queries]')) process.stderr.write(chunk);
  });
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    errors,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A JSON client for the preparation steps: throws on any status other than the expected one. */
export function apiClient(base: string) {
  return async function call<T = Record<string, unknown>>(
    token: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    expect = method === 'POST' ? 201 : 200,
  ): Promise<T> {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== expect) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
}
