import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { UsersService } from './auth/users.service';
import { COUNTRY_CODE } from './common/region-code';
import { parseAppConfig } from './config/app.config';
import { openDatabase } from './database/open-database';

const USAGE = `Sunshine Ledger CLI — npm run cli -- <command> [options]

  create-admin [--name NAME] [--region CODE]   create an admin and print its token (default: country-wide)
  migrate                                      apply pending migrations and exit

Uses DATABASE_URL, or the embedded server under DATA_DIR (default ./.data) — stop the running
service first when it uses the embedded server.`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, region: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals[0];
  if (!command || values.help) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  process.env.LOG_LEVEL ??= 'warn';
  const db = await openDatabase(parseAppConfig(process.env), () => {});
  try {
    switch (command) {
      case 'migrate':
        console.log('migrations applied');
        return 0;
      case 'create-admin': {
        const app = await NestFactory.createApplicationContext(AppModule.forRoot({ databaseUrl: db.url }), { logger: false });
        try {
          const user = await app.get(UsersService).issue(values.name ?? 'admin', 'admin', values.region ?? COUNTRY_CODE);
          console.log(`admin ${user.id} for region ${user.regionCode}\ntoken (shown once): ${user.token}`);
          return 0;
        } finally {
          await app.close();
        }
      }
      default:
        console.error(`unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
