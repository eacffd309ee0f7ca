/**
 * A child process for the crash test: 16 writers append to the journal as fast as they can and
 * print `ACK <book> <seq> <key>` for every append the journal acknowledged, until killed.
 * Usage: node -r ts-node/register/transpile-only test/support/crash-writer.ts <databaseUrl> <book>:<fund> ...
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { JournalService } from '../../src/journal/journal.service';

async function main(): Promise<void> {
  const [url, ...targets] = process.argv.slice(2);
  const books = targets.map((t) => {
    const [book, fund] = t.split(':');
    return { book, fund };
  });
  const ds = await new DataSource(dataSourceOptions(url, 20)).initialize();
  const journal = new JournalService(ds);
  process.stdout.write('READY\n');
  await Promise.all(
    Array.from({ length: 16 }, async (_, w) => {
      for (let i = 0; ; i++) {
        const { book, fund } = books[(w + i) % books.length];
        const key = `w${w}-${i}`;
        const entry = await journal.append(
          book,
          {
            type: 'test.spent',
            occurredOn: '2024-03-02',
            actor: 'crash-writer',
            payload: { writer: w, n: i },
            postings: [
              { account: `pool:${book}`, fund, amount: -1n },
              { account: `test:w${w}`, fund, amount: 1n },
            ],
          },
          { idempotencyKey: key },
        );
        process.stdout.write(`ACK ${entry.book} ${entry.seq} ${key}\n`);
      }
    }),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
