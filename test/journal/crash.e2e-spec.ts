import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { JournalService } from '../../src/journal/journal.service';
import { ReplayService } from '../../src/journal/replay/replay.service';
import { verifyBook } from '../../src/journal/verify/chain-verifier';
import { receiveFund, spend } from '../support/journal-fixtures';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const BOOKS = ['411102000000', '411103000000', '411104000000', '411105000000'];

/** Starts the writer process and resolves once it is appending, with the acknowledgements it prints. */
function startWriters(url: string, targets: string[]) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'test/support/crash-writer.ts', url, ...targets],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const acks: Array<{ book: string; seq: number; key: string }> = [];
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'READY') resolve();
      const [tag, book, seq, key] = line.split(' ');
      if (tag === 'ACK') acks.push({ book, seq: Number(seq), key });
    });
  });
  return { child, acks, ready };
}

describe('journal: a process killed (SIGKILL) while 16 writers append', () => {
  let database: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(database.url, 10)).initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await database.drop();
  });

  it('loses no acknowledged entry, and the chain and the projections still check out', async () => {
    const journal = new JournalService(ds);
    const funds = await Promise.all(BOOKS.map((b) => receiveFund(journal, b, 1_000_000_000n)));
    const { child, acks, ready } = startWriters(
      database.url,
      BOOKS.map((b, i) => `${b}:${funds[i].fund}`),
    );
    await ready;
    // Kill mid-stream, after a few hundred appends, with transactions certainly in flight.
    while (acks.length < 400) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(acks.length).toBeGreaterThanOrEqual(400);

    // "Restart": a new journal on the same database.
    const stored: Array<{ book: string; seq: string; idempotency_key: string }> = await ds.query(
      `SELECT book, seq, idempotency_key FROM journal_entry WHERE idempotency_key IS NOT NULL`,
    );
    const byKey = new Map(stored.map((r) => [r.idempotency_key, `${r.book}/${r.seq}`]));
    const lost = acks.filter((a) => byKey.get(a.key) !== `${a.book}/${a.seq}`);
    expect(lost).toEqual([]);

    for (const book of BOOKS) {
      const report = await verifyBook((sql, p) => ds.query(sql, p), book);
      expect(report).toMatchObject({ ok: true });
    }
    const restarted = new JournalService(ds);
    const next = await spend(restarted, BOOKS[0], funds[0].fund, 1n);
    const [{ max }] = await ds.query(`SELECT max(seq)::int AS max FROM journal_entry WHERE book = $1`, [BOOKS[0]]);
    expect(next.seq).toBe(max);
    expect((await new ReplayService(ds, restarted).check()).ok).toBe(true);
  });
});
