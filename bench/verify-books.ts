/**
 * Verifying every book of a database, two ways in the same run: book after book with verifyBook (each book of more
 * than two ranges starting its own workers, as the findings did before), and verifyBooks (one pool of workers for
 * all books, two books at a time).
 *
 *   DATABASE_URL=postgres://…/province npm run bench:verify-books
 */
import { Pool } from 'pg';
import { verifyBook, verifyBooks, type VerifyReport } from '../src/journal/verify/chain-verifier';
import { machine } from './support/bench-database';

async function main(): Promise<void> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is required');
  const pool = new Pool({ connectionString, max: 4 });
  const query = async (sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows;
  const books: string[] = (await query(`SELECT code FROM journal_book ORDER BY code`)).map((r) => r.code);
  console.log(`bench:verify-books — ${machine()}; ${books.length} books`);
  const timed = async (name: string, run: () => Promise<VerifyReport[]>) => {
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const reports = await run();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const entries = reports.reduce((n, r) => n + r.entries, 0);
    const { user, system } = process.cpuUsage(cpu);
    const failing = reports.filter((r) => !r.ok).length;
    console.log(
      `${name.padEnd(36)} ${seconds.toFixed(1).padStart(6)} s  ${Math.round(entries / seconds)} entries/s  ` +
        `${failing} failing  main thread + workers CPU ${((user + system) / 1e6).toFixed(1)} s`,
    );
  };
  await timed('book after book (verifyBook)', async () => {
    const reports: VerifyReport[] = [];
    for (const book of books) reports.push(await verifyBook(query, book, { connectionString }));
    return reports;
  });
  await timed('one pool, two books at a time', () => verifyBooks(query, books, { connectionString }));
  await pool.end();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
