/**
 * Writes the OpenAPI document the service serves at /docs-json, without a database: the app is
 * created (its routes and DTOs scanned) but never initialised, so nothing connects or starts.
 * Usage: ts-node --transpile-only scripts/openapi.ts [out.json] (stdout when no file is given).
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../src/app.module';
import { APP_OPTIONS, configureApp, createHttpAdapter, openApiDocument } from '../src/app.setup';

async function main(): Promise<void> {
  process.env.LOG_LEVEL = 'silent';
  process.env.DATA_DIR ??= join(tmpdir(), `sl-openapi-${process.pid}`);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ databaseUrl: 'postgres://unused@127.0.0.1:1/unused', connect: false }),
    createHttpAdapter(),
    { ...APP_OPTIONS, logger: false },
  );
  const json = `${JSON.stringify(openApiDocument(configureApp(app)), null, 2)}\n`;
  if (process.argv[2]) {
    mkdirSync(dirname(process.argv[2]), { recursive: true });
    writeFileSync(process.argv[2], json);
  } else process.stdout.write(json);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
