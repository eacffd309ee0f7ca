import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AssetsModule } from './assets/assets.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { createHttpLogger, HTTP_LOGGER } from './common/log-output';
import { appConfig, parseAppConfig } from './config/app.config';
import { dataSourceOptions } from './database/data-source-options';
import { ConsoleModule } from './console/console.module';
import { ConsoleWorkModule } from './console/work/console-work.module';
import { ConsoleAuditModule } from './console/audit/console-audit.module';
import { ConsoleFinanceModule } from './console/finance/console-finance.module';
import { ReplicasModule } from './database/replicas/replicas.module';
import { ExcelModule } from './excel/excel.module';
import { ExportsModule } from './exports/exports.module';
import { FundsModule } from './funds/funds.module';
import { HealthController } from './health/health.controller';
import { HouseholdsModule } from './households/households.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { JournalModule } from './journal/journal.module';
import { NoticesModule } from './notices/notices.module';
import { OpenDataModule } from './open-data/open-data.module';
import { ProjectsModule } from './projects/projects.module';
import { PublicModule } from './public/public.module';
import { RegionsModule } from './regions/regions.module';

export interface AppModuleOptions {
  /** A migrated database; see openDatabase(). */
  databaseUrl: string;
  /** false: never connect (the OpenAPI document is written from the routes alone; scripts/openapi.ts). */
  connect?: boolean;
  /** Where the logs go instead of stdout (tests read them). */
  logStream?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot({ databaseUrl, connect = true, logStream }: AppModuleOptions): DynamicModule {
    const config = parseAppConfig(process.env);
    const httpLogger = createHttpLogger(config.logLevel, logStream);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }),
        // Nest's messages only: configureApp mounts the request logger once (mounted by Nest, it was two layers per
        // console route on every request's way, and an async hook on every promise).
        LoggerModule.forRoot({ pinoHttp: { logger: httpLogger.logger }, forRoutes: [] }),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, config.dbPoolSize),
          manualInitialization: !connect,
        }),
        ReplicasModule.forRoot({ replicas: config.replicas.urls.length > 0 }),
        RegionsModule,
        RateLimitModule,
        AuthModule,
        IdempotencyModule,
        JournalModule,
        FundsModule,
        HouseholdsModule,
        ProjectsModule,
        NoticesModule,
        AssetsModule,
        AuditModule,
        ExcelModule,
        ExportsModule,
        PublicModule,
        OpenDataModule,
        ConsoleModule,
        ConsoleWorkModule,
        ConsoleFinanceModule,
        ConsoleAuditModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: HTTP_LOGGER, useValue: httpLogger }],
    };
  }
}
