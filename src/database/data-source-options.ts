import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** The one DataSource configuration, shared by the app, the CLI and the tests. */
export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // Migrations are the only source of the schema.
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migration',
    // Money and sequence numbers are int8; keep them as strings from the driver, never numbers.
    parseInt8: false,
    uuidExtension: 'pgcrypto',
    // No JIT on the service's connections: on the audit reads and exports it compiled for longer than the queries
    // ran (docs/benchmarks.md), and the short OLTP statements never reach its threshold.
    extra: { max: poolSize, connectionTimeoutMillis: 5000, options: '-c jit=off' },
  };
}
