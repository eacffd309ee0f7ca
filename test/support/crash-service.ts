/**
 * A child process for the crash-under-load test: the real app (compiled JavaScript, so that a restart
 * takes seconds, not a ts-node compile) on a given database, printing `LISTENING <port>` once it serves.
 * Usage: node -r ts-node/register/transpile-only test/support/crash-service.ts <compiled src dir> <databaseUrl>
 */
import 'reflect-metadata';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

async function main(): Promise<void> {
  const [dir, databaseUrl] = process.argv.slice(2);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AppModule } = require(join(dir, 'app.module')) as typeof import('../../src/app.module');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const setup = require(join(dir, 'app.setup')) as typeof import('../../src/app.setup');
  const app = setup.configureApp(
    await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ databaseUrl }), setup.createHttpAdapter(), {
      ...setup.APP_OPTIONS,
      logger: false,
    }),
  );
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`LISTENING ${(app.getHttpServer().address() as AddressInfo).port}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
