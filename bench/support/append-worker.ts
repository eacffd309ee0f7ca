/**
 * One side of `bench/append-ab.ts`: the journal of the checkout at argv[2], on its own embedded
 * server, with 16 books of one writer each. It waits for `{ seconds }` messages and answers each
 * with what one slice of load did. The code under test is loaded from that checkout (its src/),
 * so two builds can be compared by one script from this one.
 */
import 'reflect-metadata';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverCpuMs } from './server-cpu';

const root = process.argv[2];
const WRITERS = 16;
const BOOKS = Array.from({ length: WRITERS }, (_, i) => `41${String(i + 1).padStart(2, '0')}00000000`);

/* eslint-disable @typescript-eslint/no-require-imports -- the modules come from the checkout under test */
const { startEmbeddedPostgres } = require(
  join(root, 'src/database/embedded-postgres'),
) as typeof import('../../src/database/embedded-postgres');
const { migrate } = require(join(root, 'src/database/migrate')) as typeof import('../../src/database/migrate');
const { dataSourceOptions } = require(
  join(root, 'src/database/data-source-options'),
) as typeof import('../../src/database/data-source-options');
const { JournalService } = require(
  join(root, 'src/journal/journal.service'),
) as typeof import('../../src/journal/journal.service');
const { receiveFund } = require(
  join(root, 'test/support/journal-fixtures'),
) as typeof import('../../test/support/journal-fixtures');
const { DataSource } = require('typeorm') as typeof import('typeorm');
/* eslint-enable @typescript-eslint/no-require-imports */

export interface Slice {
  appends: number;
  seconds: number;
  /** CPU µs per append of this process and of its PostgreSQL server. */
  nodeUs: number;
  pgUs: number;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sl-bench-ab-'));
  const server = await startEmbeddedPostgres(dir);
  const postmaster = Number((await readFile(join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  await migrate(server.url);
  const ds = await new DataSource(dataSourceOptions(server.url, 40)).initialize();
  const journal = new JournalService(ds);
  const funds = await Promise.all(BOOKS.map(async (book) => (await receiveFund(journal, book, 10n ** 15n)).fund));
  let n = 0;
  const slice = async (seconds: number): Promise<Slice> => {
    const end = performance.now() + seconds * 1000;
    const cpu = process.cpuUsage();
    const pg = serverCpuMs(postmaster);
    const t0 = performance.now();
    let appends = 0;
    await Promise.all(
      BOOKS.map(async (book, w) => {
        while (performance.now() < end) {
          const voucher = `V-${w}-${n++}`;
          await journal.append(book, {
            type: 'test.spent',
            occurredOn: '2024-03-02',
            actor: 'bench',
            subjects: [`fund:${funds[w]}`, `voucher:${voucher}`],
            payload: { voucherNo: voucher },
            postings: [
              { account: `pool:${book}`, fund: funds[w], amount: -1n },
              { account: 'test:sink', fund: funds[w], amount: 1n },
            ],
          });
          appends++;
        }
      }),
    );
    const used = process.cpuUsage(cpu);
    return {
      appends,
      seconds: (performance.now() - t0) / 1000,
      nodeUs: (used.user + used.system) / appends,
      pgUs: ((serverCpuMs(postmaster) - pg) * 1000) / appends,
    };
  };
  await slice(2); // warm-up: JIT, prepared statements, the book cache
  process.on('message', (m: { seconds?: number }) => {
    if (m.seconds === undefined) {
      void ds
        .destroy()
        .then(() => server.stop())
        .then(() => rm(dir, { recursive: true, force: true }))
        .then(() => process.exit(0));
      return;
    }
    void slice(m.seconds).then((s) => process.send!(s));
  });
  process.send!('ready');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
