import { chainHash } from '../../src/journal/chain/entry-document';
import { MemorySubtreeStore } from '../../src/journal/merkle';
import { CheckpointService } from '../../src/journal/checkpoints/checkpoint.service';
import { SigningKeyService } from '../../src/journal/checkpoints/signing-key.service';
import { JournalService } from '../../src/journal/journal.service';
import { connectionStringOf, verifyBook, verifyBooks, VerifyReport } from '../../src/journal/verify/chain-verifier';
import { receiveFund, spend } from '../support/journal-fixtures';
import { createTestApp, TestApp } from '../support/test-app';

/** Eight entries in a fresh book: a fund and seven payments. */
async function bookOfEight(journal: JournalService, book: string) {
  return bookOf(journal, book, 8);
}

/** `n` entries in a fresh book: a fund, then payments of 100, 101, … fen. */
async function bookOf(journal: JournalService, book: string, n: number) {
  const { fund } = await receiveFund(journal, book, 1_000_000n);
  for (let i = 0; i < n - 1; i++) await spend(journal, book, fund, 100n + BigInt(i));
  return fund;
}

describe('journal: append-only, tamper-evident', () => {
  let t: TestApp;
  let journal: JournalService;
  /** The book as one range, checked in this thread. */
  let inThread: (book: string) => Promise<VerifyReport>;
  /** Ranges of three entries checked in two worker threads, each on its own connection. */
  let inWorkers: (book: string, batchSize?: number) => Promise<VerifyReport>;
  /** Every check runs both ways, which must report exactly the same (first bad seq, problem, counts). */
  const verify = async (book: string) => {
    const report = await inThread(book);
    expect(await inWorkers(book)).toEqual(report);
    return report;
  };
  /** Edits a journal row the way an attacker with superuser rights would: triggers off. */
  const tamper = async (sql: string, params: unknown[] = []) => {
    await t.db.transaction(async (em) => {
      await em.query(`SET LOCAL session_replication_role = replica`);
      await em.query(sql, params);
    });
  };

  /**
   * Rewrites entries `from`.. with new bytes and recomputes every hash after them (and the head):
   * the chain itself is consistent again, only a signed Merkle root can tell.
   */
  const rewriteFrom = async (book: string, from: number) => {
    const rows: Array<{ seq: string; body: Buffer; prev_hash: Buffer }> = await t.db.query(
      `SELECT seq, body, prev_hash FROM journal_entry WHERE book = $1 AND seq >= $2 ORDER BY seq`,
      [book, from],
    );
    let prev = rows[0].prev_hash;
    for (const r of rows) {
      const body = Buffer.from(r.body.toString('utf8').replace('"test:sink"', '"test:elsewhere"'), 'utf8');
      const hash = chainHash(prev, body);
      await tamper(`UPDATE journal_entry SET body = $3, prev_hash = $4, hash = $5 WHERE book = $1 AND seq = $2`, [
        book,
        r.seq,
        body,
        prev,
        hash,
      ]);
      await tamper(
        `UPDATE journal_posting SET account = 'test:elsewhere' WHERE book = $1 AND seq = $2 AND account = 'test:sink'`,
        [book, r.seq],
      );
      prev = hash;
    }
    await tamper(`UPDATE journal_book SET head_hash = $2 WHERE code = $1`, [book, prev]);
  };

  beforeAll(async () => {
    t = await createTestApp({ regions: false });
    journal = t.app.get(JournalService);
    const key = t.app.get(SigningKeyService);
    inThread = (book) => verifyBook((sql, p) => t.db.query(sql, p), book, { publicKey: key.publicKey, workers: 0 });
    inWorkers = (book, batchSize = 3) =>
      verifyBook((sql, p) => t.db.query(sql, p), book, {
        publicKey: key.publicKey,
        connectionString: t.database.url,
        workers: 2,
        batchSize,
      });
  });
  afterAll(() => t.close());

  describe('the database refuses edits, whoever the client is', () => {
    beforeAll(async () => {
      await bookOfEight(journal, '410000000000');
      await t.app.get(CheckpointService).checkpoint('410000000000');
    });
    it.each([
      ['UPDATE journal_entry', `UPDATE journal_entry SET type = 'x' WHERE book = '410000000000' AND seq = 1`],
      ['DELETE journal_entry', `DELETE FROM journal_entry WHERE book = '410000000000' AND seq = 8`],
      ['TRUNCATE journal_entry', `TRUNCATE journal_entry`],
      ['UPDATE journal_posting', `UPDATE journal_posting SET amount = 1 WHERE book = '410000000000'`],
      ['DELETE journal_posting', `DELETE FROM journal_posting`],
      ['UPDATE journal_checkpoint', `UPDATE journal_checkpoint SET tree_size = 1`],
      ['DELETE journal_tree_node', `DELETE FROM journal_tree_node`],
      ['TRUNCATE journal_tree_node', `TRUNCATE journal_tree_node`],
    ])('%s fails', async (_name, sql) => {
      await expect(t.db.query(sql)).rejects.toMatchObject({ driverError: expect.objectContaining({ code: 'SL001' }) });
      expect((await verify('410000000000')).ok).toBe(true);
    });
  });

  it('verifies an untouched book, checkpoints included', async () => {
    await bookOfEight(journal, '420000000000');
    await t.app.get(CheckpointService).checkpoint('420000000000');
    expect(await verify('420000000000')).toEqual({ book: '420000000000', ok: true, entries: 8, checkpointsChecked: 1 });
  });

  it('finds an entry whose stored bytes were changed with triggers disabled, at its seq', async () => {
    await bookOfEight(journal, '430000000000');
    await tamper(
      `UPDATE journal_entry SET body = convert_to(replace(convert_from(body, 'UTF8'), '"-105"', '"-1050"'), 'UTF8')
        WHERE book = '430000000000' AND seq = 7`,
    );
    expect(await verify('430000000000')).toMatchObject({
      ok: false,
      firstBadSeq: 7,
      problem: 'stored bytes do not hash to the stored hash',
    });
  });

  it('finds a changed posting row and a changed column at their seq', async () => {
    await bookOfEight(journal, '440000000000');
    await tamper(`UPDATE journal_posting SET amount = amount * 2 WHERE book = '440000000000' AND seq = 4`);
    expect(await verify('440000000000')).toMatchObject({
      ok: false,
      firstBadSeq: 4,
      problem: 'posting rows disagree with the hashed document',
    });
    await bookOfEight(journal, '450000000000');
    await tamper(`UPDATE journal_entry SET occurred_on = '2020-01-01' WHERE book = '450000000000' AND seq = 3`);
    expect(await verify('450000000000')).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('finds bytes that are not UTF-8 at their seq (verify reads the batch again as raw bytes)', async () => {
    await bookOfEight(journal, '430100000000');
    await tamper(`UPDATE journal_entry SET body = body || '\\xff'::bytea WHERE book = '430100000000' AND seq = 6`);
    expect(await verify('430100000000')).toMatchObject({
      ok: false,
      firstBadSeq: 6,
      problem: 'stored bytes do not hash to the stored hash',
    });
  });

  it('reads a book in seq ranges: a gap is found whichever batch it falls in', async () => {
    const key = t.app.get(SigningKeyService);
    const small = (book: string) =>
      verifyBook((sql, p) => t.db.query(sql, p), book, { publicKey: key.publicKey, batchSize: 3 });
    await bookOfEight(journal, '460100000000');
    await t.app.get(CheckpointService).checkpoint('460100000000');
    expect(await small('460100000000')).toEqual({ book: '460100000000', ok: true, entries: 8, checkpointsChecked: 1 });
    await tamper(`DELETE FROM journal_entry WHERE book = '460100000000' AND seq IN (4, 5, 6)`);
    expect(await small('460100000000')).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'seq 4 is missing' });
  });

  it('finds a deleted entry', async () => {
    await bookOfEight(journal, '460000000000');
    await tamper(`DELETE FROM journal_entry WHERE book = '460000000000' AND seq = 5`);
    expect(await verify('460000000000')).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'seq 5 is missing' });
  });

  it('catches a chain rewritten end to end through the signed checkpoint', async () => {
    const book = '470000000000';
    await bookOfEight(journal, book);
    const checkpoints = t.app.get(CheckpointService);
    await checkpoints.checkpoint(book);
    await rewriteFrom(book, 6);
    expect(await verify(book)).toMatchObject({
      ok: false,
      firstBadSeq: 1,
      problem: 'entries 1..8 do not match the signed checkpoint at size 8',
    });
    // Editing the checkpoint row's root to the new one does not help: the signed body disagrees.
    const hashes: Array<{ hash: Buffer }> = await t.db.query(
      `SELECT hash FROM journal_entry WHERE book = $1 ORDER BY seq`,
      [book],
    );
    const forgedRoot = new MemorySubtreeStore(hashes.map((h) => h.hash)).root();
    await tamper(`UPDATE journal_checkpoint SET root_hash = $2 WHERE book = $1`, [book, forgedRoot]);
    expect(await verify(book)).toMatchObject({
      ok: false,
      firstBadSeq: 1,
      problem: 'checkpoint at size 8 does not match its signed body',
    });
  });

  it('finds posting rows left without their entry', async () => {
    await bookOfEight(journal, '480000000000');
    await tamper(`DELETE FROM journal_entry WHERE book = '480000000000' AND seq = 8`);
    expect(await verify('480000000000')).toMatchObject({
      ok: false,
      firstBadSeq: 8,
      problem: 'posting rows without an entry',
    });
  });

  describe('ranges checked in worker threads, stitched in seq order', () => {
    it.each([4, 7])(
      'finds a broken link at the first entry of a range (seq %i), which no worker can see',
      async (from) => {
        const book = `48010000000${from}`;
        await bookOfEight(journal, book);
        // From `from` on, a new prev_hash and every hash after it recomputed: the ranges of three
        // entries are each a valid chain of their own; only the link into `from` is broken.
        const rows: Array<{ seq: string; body: Buffer }> = await t.db.query(
          `SELECT seq, body FROM journal_entry WHERE book = $1 AND seq >= $2 ORDER BY seq`,
          [book, from],
        );
        let prev: Buffer = Buffer.alloc(32, 7);
        for (const r of rows) {
          const hash = chainHash(prev, r.body);
          await tamper(`UPDATE journal_entry SET prev_hash = $3, hash = $4 WHERE book = $1 AND seq = $2`, [
            book,
            r.seq,
            prev,
            hash,
          ]);
          prev = hash;
        }
        await tamper(`UPDATE journal_book SET head_hash = $2 WHERE code = $1`, [book, prev]);
        expect(await verify(book)).toEqual({
          book,
          ok: false,
          entries: from,
          checkpointsChecked: 0,
          firstBadSeq: from,
          problem: 'prev_hash does not link to the previous entry',
        });
      },
    );

    it('reports the earlier of two tampered entries in different ranges, whichever worker answers first', async () => {
      const book = '480200000000';
      await bookOf(journal, book, 300);
      const clean = await verify(book);
      expect(clean).toEqual({ book, ok: true, entries: 300, checkpointsChecked: 0 });
      // Ranges of 20 with two workers: (20, 40] and (40, 60] are in flight at the same time.
      await tamper(
        `UPDATE journal_entry SET body = convert_to(replace(convert_from(body, 'UTF8'), '"-154"', '"-155"'), 'UTF8')
          WHERE book = $1 AND seq = 56`,
        [book],
      );
      await tamper(`UPDATE journal_posting SET amount = amount + 1 WHERE book = $1 AND seq = 35 AND amount > 0`, [
        book,
      ]);
      for (let i = 0; i < 3; i++) {
        expect(await inWorkers(book, 20)).toMatchObject({
          ok: false,
          firstBadSeq: 35,
          problem: 'posting rows disagree with the hashed document',
        });
      }
      expect(await verify(book)).toMatchObject({ ok: false, firstBadSeq: 35 });
      await tamper(`UPDATE journal_posting SET amount = amount - 1 WHERE book = $1 AND seq = 35 AND amount > 0`, [
        book,
      ]);
      expect(await inWorkers(book, 20)).toMatchObject({
        ok: false,
        firstBadSeq: 56,
        problem: 'stored bytes do not hash to the stored hash',
      });
    });

    it('meets a checkpoint inside a range: a rewrite after it is found where it starts', async () => {
      const book = '480300000000';
      const checkpoints = t.app.get(CheckpointService);
      const fund = await bookOf(journal, book, 5);
      await checkpoints.checkpoint(book); // size 5, inside the range (3, 6]
      for (let i = 0; i < 3; i++) await spend(journal, book, fund, 1n);
      await checkpoints.checkpoint(book); // size 8
      expect(await verify(book)).toEqual({ book, ok: true, entries: 8, checkpointsChecked: 2 });
      await rewriteFrom(book, 6);
      expect(await verify(book)).toEqual({
        book,
        ok: false,
        entries: 8,
        checkpointsChecked: 1,
        firstBadSeq: 6,
        problem: 'entries 6..8 do not match the signed checkpoint at size 8',
      });
    });

    it('verifies several books with one pool of workers, each report as verifyBook gives it alone', async () => {
      const books = ['480501000000', '480502000000', '480503000000'];
      for (const book of books) await bookOf(journal, book, 40);
      await tamper(`UPDATE journal_posting SET amount = amount + 1 WHERE book = $1 AND seq = 23 AND amount > 0`, [
        books[1],
      ]);
      const key = t.app.get(SigningKeyService).publicKey;
      const options = { publicKey: key, connectionString: t.database.url, workers: 2, batchSize: 7 };
      const reports = await verifyBooks((sql, p) => t.db.query(sql, p), books, options);
      expect(reports.map((r) => [r.book, r.ok, r.firstBadSeq])).toEqual([
        [books[0], true, undefined],
        [books[1], false, 23],
        [books[2], true, undefined],
      ]);
      for (const [i, book] of books.entries()) expect(reports[i]).toEqual(await inWorkers(book, 7));
    });

    it('verifyBooks of one long book still checks it in workers, as verifyBook does', async () => {
      const book = '480600000000';
      await bookOfEight(journal, book);
      const refused = new URL(t.database.url);
      refused.port = '1';
      refused.searchParams.delete('host');
      const options = { connectionString: refused.toString(), workers: 2, batchSize: 3 };
      await expect(verifyBooks((sql, p) => t.db.query(sql, p), [book], options)).rejects.toThrow(/ECONNREFUSED/);
    });

    it('fails with an error, never a hang or a pass, when a worker cannot connect or crashes', async () => {
      const book = '480400000000';
      await bookOfEight(journal, book);
      const withUrl = (connectionString: string) =>
        verifyBook((sql, p) => t.db.query(sql, p), book, { connectionString, workers: 2, batchSize: 3 });
      const refused = new URL(t.database.url);
      refused.port = '1';
      refused.searchParams.delete('host'); // the embedded server's socket: TCP to the closed port instead
      await expect(withUrl(refused.toString())).rejects.toThrow(/ECONNREFUSED/);
      // pg throws on this URL when the worker starts: the worker dies before it answers anything.
      await expect(withUrl('postgres://x:99999999/db')).rejects.toThrow(/Invalid URL/);
      expect(await withUrl(t.database.url)).toEqual({ book, ok: true, entries: 8, checkpointsChecked: 0 });
    });

    it("takes the connection string from the app's DataSource, as the service and the CLI do", () => {
      expect(connectionStringOf(t.db)).toBe(t.database.url);
    });
  });
});
