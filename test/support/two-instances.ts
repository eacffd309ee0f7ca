import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { JournalService } from '../../src/journal/journal.service';
import { createTestDatabase, TestDatabase } from './test-database';

/** Two service instances on one fresh database: a DataSource and a JournalService each. */
export interface TwoInstances {
  database: TestDatabase;
  dsA: DataSource;
  dsB: DataSource;
  a: JournalService;
  b: JournalService;
  /** The statements instance A sent to PostgreSQL, in order (empty it with `sent.length = 0`). */
  sent: string[];
  close(): Promise<void>;
}

export async function twoInstances(): Promise<TwoInstances> {
  const database = await createTestDatabase();
  const dsA = await new DataSource(dataSourceOptions(database.url, 10)).initialize();
  const dsB = await new DataSource(dataSourceOptions(database.url, 10)).initialize();
  const sent: string[] = [];
  // Every statement goes through a QueryRunner's connection (the journal's prepared ones too).
  const create = dsA.createQueryRunner.bind(dsA);
  dsA.createQueryRunner = (mode) => {
    const qr = create(mode);
    const connect = qr.connect.bind(qr);
    qr.connect = async () => {
      const client = (await connect()) as { query: (...args: unknown[]) => unknown; counted?: boolean };
      if (!client.counted) {
        client.counted = true;
        const query = client.query.bind(client);
        client.query = (config: unknown, ...rest: unknown[]) => {
          sent.push(typeof config === 'string' ? config : ((config as { text?: string }).text ?? ''));
          return query(config, ...rest);
        };
      }
      return client;
    };
    return qr;
  };
  return {
    database,
    dsA,
    dsB,
    a: new JournalService(dsA),
    b: new JournalService(dsB),
    sent,
    close: async () => {
      await dsA.destroy();
      await dsB.destroy();
      await database.drop();
    },
  };
}
