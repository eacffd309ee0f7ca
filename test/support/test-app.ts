import { NestExpressApplication } from '@nestjs/platform-express';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { APP_OPTIONS, configureApp, createHttpAdapter } from '../../src/app.setup';
import { UsersService } from '../../src/auth/users.service';
import type { Role } from '../../src/auth/role';
import { RegionsService } from '../../src/regions/regions.service';
import { DEMO_REGIONS } from '../../src/demo/demo-regions';
import { createTestDatabase, TestDatabase } from './test-database';

process.env.LOG_LEVEL ??= 'silent';
// Checkpoints on demand only, and a signing key that is the test run's own.
process.env.CHECKPOINT_INTERVAL_SECONDS ??= '0';
process.env.DATA_DIR ??= join(tmpdir(), `sl-test-data-${process.pid}`);

export interface TestApp {
  app: NestExpressApplication;
  db: DataSource;
  database: TestDatabase;
  http: () => ReturnType<typeof request>;
  /** Creates a user and returns its bearer token. */
  tokenFor(role: Role, regionCode: string): Promise<string>;
  close(): Promise<void>;
}

/** The real app on its own fresh, migrated database (or the one given), with the demo county's regions loaded. */
export async function createTestApp({
  regions = true,
  database: given,
}: { regions?: boolean; database?: TestDatabase } = {}): Promise<TestApp> {
  const database = given ?? (await createTestDatabase());
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ databaseUrl: database.url })],
  }).compile();
  const app = configureApp(
    moduleRef.createNestApplication<NestExpressApplication>(createHttpAdapter(), { ...APP_OPTIONS, logger: false }),
  );
  await app.init();
  if (regions) await app.get(RegionsService).upsertMany(DEMO_REGIONS);
  const users = app.get(UsersService);
  return {
    app,
    db: app.get(DataSource),
    database,
    http: () => request(app.getHttpServer()),
    tokenFor: async (role, regionCode) => (await users.issue(`test ${role}`, role, regionCode)).token,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** Row counts of every table, to prove that a failed request changed nothing. */
export async function tableCounts(db: DataSource): Promise<Record<string, number>> {
  const rows: Array<{ table_name: string }> = await db.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of rows) {
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM "${table_name}"`);
    counts[table_name] = n;
  }
  return counts;
}
