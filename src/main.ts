import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { NestExpressApplication } from '@nestjs/platform-express';
import { APP_OPTIONS, configureApp, createHttpAdapter } from './app.setup';
import { parseAppConfig } from './config/app.config';
import { openDatabase } from './database/open-database';
import { loadDemo } from './demo/load-demo';
import { startDemoWitness } from './demo/demo-witness';
import { welcomeFirstAdmin } from './auth/first-admin';
import { startupLog } from './common/log-output';

async function bootstrap(): Promise<void> {
  const config = parseAppConfig(process.env);
  const log = startupLog();
  const demo = process.argv.includes('--demo');
  // Before the app reads its configuration: the demo's witness becomes its WITNESSES unless some are set.
  const witness = demo && !process.env.WITNESSES ? await startDemoWitness(config, log) : undefined;
  if (witness) process.env.WITNESSES = witness.setting;
  const db = await openDatabase(config, config.logLevel === 'debug' ? log : () => {});
  log(`database ready (${db.embedded ? `embedded under ${config.dataDir}` : 'DATABASE_URL'})`);

  const app = configureApp(
    await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ databaseUrl: db.url }), createHttpAdapter(), {
      ...APP_OPTIONS,
      bufferLogs: true,
    }),
  );
  // Nest closes HTTP and the pool on SIGINT/SIGTERM; the embedded server goes down after them.
  app.getHttpServer().on('close', () => void Promise.all([db.close(), witness?.close()]));
  if (demo) await loadDemo(app);
  await app.listen(config.port, process.env.HOST ?? '0.0.0.0');
  log(`Sunshine Ledger listening on http://localhost:${config.port} — API /api/v1, docs /docs, health /health`);
  await welcomeFirstAdmin(app, config);
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
