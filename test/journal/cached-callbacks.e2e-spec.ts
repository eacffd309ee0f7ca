import { DataSource } from 'typeorm';
import { DomainError } from '../../src/common/errors/domain-error';
import type { AppendContext } from '../../src/journal/append/entry-draft';
import { JournalService } from '../../src/journal/journal.service';
import { verifyBook } from '../../src/journal/verify/chain-verifier';
import { receiveFund } from '../support/journal-fixtures';
import { TwoInstances, twoInstances } from '../support/two-instances';

/**
 * checksFirst callbacks (payments) on the cached route: their batch reads are made without locks
 * and must be current exactly when the write — which checks the remembered heads — succeeds.
 * Two DataSources on one database stand for two service instances.
 */
describe('journal: checksFirst callbacks on the cached route', () => {
  let instances: TwoInstances;
  let dsA: DataSource;
  let dsB: DataSource;
  let a: JournalService;
  let b: JournalService;
  /** Statements instance A sent to PostgreSQL. */
  let sent: string[];

  beforeAll(async () => {
    instances = await twoInstances();
    ({ dsA, dsB, a, b, sent } = instances);
    await dsA.query(`CREATE TABLE cached_counter (id text PRIMARY KEY, n int NOT NULL)`);
    await dsA.query(`INSERT INTO cached_counter SELECT 'c' || i, 0 FROM generate_series(1, 9) i`);
  });
  afterAll(() => instances.close());

  const counter = async (id: string) =>
    ((await dsA.query(`SELECT n FROM cached_counter WHERE id = $1`, [id])) as Array<{ n: number }>)[0].n;
  const verified = async (book: string) =>
    expect(await verifyBook((sql, p) => dsA.query(sql, p), book)).toMatchObject({ ok: true });

  type Run = (query: AppendContext['query'], ids: string[]) => Promise<number[]>;
  const readCounters: Run = async (query, ids) => {
    const rows = await query<{ id: string; n: number }>(`SELECT id, n FROM cached_counter WHERE id = ANY($1::text[])`, [
      ids,
    ]);
    return ids.map((id) => rows.find((r) => r.id === id)!.n);
  };

  /**
   * Adds 1 to a counter beside an entry whose payload says what the batch read saw. `remember`:
   * the read says what it becomes (the counter plus one), so the next one may come from memory.
   */
  const bump = (journal: JournalService, book: string, id: string, run: Run = readCounters, remember = false) =>
    journal.append(
      book,
      async ({ readResult, query, alsoWrite }) => {
        const seen = (readResult() as number | undefined) ?? (await readCounters(query, [id]))[0];
        alsoWrite({
          sql: `UPDATE cached_counter c SET n = c.n + 1 FROM unnest($1::text[]) AS x(id) WHERE c.id = x.id`,
          columns: ['text'],
          rows: [[id]],
          touches: [`counter:${id}`],
        });
        return {
          type: 'test.noted',
          occurredOn: '2024-03-02',
          actor: 'test',
          subjects: [`counter:${id}`],
          payload: { seen },
        };
      },
      {
        checksFirst: true,
        read: {
          kind: 'test.counter',
          arg: id,
          run,
          subject: `counter:${id}`,
          ...(remember ? { after: (n: number) => n + 1 } : {}),
        },
      },
    );
  const seen = async (entry: Promise<{ document: { payload: Record<string, unknown> } }>) =>
    (await entry).document.payload.seen;

  it('a batch of callbacks to a remembered book costs one read and one write, no transaction', async () => {
    const book = '411121000000';
    await bump(a, book, 'c1'); // the careful route: nothing is remembered of the book yet
    sent.length = 0;
    const entries = await Promise.all([bump(a, book, 'c1'), bump(a, book, 'c2'), bump(a, book, 'c3')]);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/cached_counter/);
    expect(sent[1]).toMatch(/^WITH lk AS/);
    expect(entries.map((e) => [e.seq, e.document.payload])).toEqual([
      [2, { seen: 1 }],
      [3, { seen: 0 }],
      [4, { seen: 0 }],
    ]);
    expect([await counter('c1'), await counter('c2'), await counter('c3')]).toEqual([2, 1, 1]);
    await verified(book);
  });

  it("a read made before another instance's entry is not trusted: write refused, careful route rereads", async () => {
    const book = '411122000000';
    await bump(a, book, 'c4');
    let reads = 0;
    // A's first read runs; B's entry commits before A writes.
    const racing: Run = async (query, ids) => {
      const result = await readCounters(query, ids);
      if (++reads === 1) await bump(b, book, 'c4');
      return result;
    };
    const entry = await bump(a, book, 'c4', racing);
    expect(reads).toBe(2);
    expect(entry.seq).toBe(3);
    expect(entry.document.payload).toEqual({ seen: 2 });
    expect(await counter('c4')).toBe(3);
    await verified(book);
  });

  it('a refusal made from memory is not final: money another instance added lets the payment through', async () => {
    const book = '411123000000';
    const { fund } = await receiveFund(a, book, 100n);
    await b.append(book, {
      type: 'test.funded',
      occurredOn: '2024-03-01',
      actor: 'test',
      postings: [
        { account: 'source:central', fund, amount: -100n },
        { account: `pool:${book}`, fund, amount: 100n },
      ],
    });
    // A remembers 100 in the pool; the book holds 200.
    const entry = await a.append(
      book,
      async ({ balance }) => {
        if ((await balance(book, `pool:${book}`, fund)) < 150n)
          throw new DomainError('INSUFFICIENT_FUNDS', 'refused by the callback');
        return {
          type: 'test.spent',
          occurredOn: '2024-03-02',
          actor: 'test',
          postings: [
            { account: `pool:${book}`, fund, amount: -150n },
            { account: 'test:sink', fund, amount: 150n },
          ],
        };
      },
      { checksFirst: true },
    );
    expect(entry.seq).toBe(3);
    expect(await a.balance(book, `pool:${book}`, fund)).toBe(50n);
  });

  it('touches no projection row before it holds the book lock (the order the careful route locks in)', async () => {
    const book = '411124000000';
    await bump(a, book, 'c5');
    const holder = dsB.createQueryRunner();
    await holder.startTransaction();
    try {
      await holder.query(`SELECT 1 FROM journal_book WHERE code = $1 FOR UPDATE`, [book]);
      const waiting = bump(a, book, 'c5');
      let blocked = 0;
      for (let i = 0; i < 100 && !blocked; i++) {
        await new Promise((r) => setTimeout(r, 20));
        [{ blocked }] = await dsB.query(
          `SELECT count(*)::int AS blocked FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE 'WITH lk AS%'`,
        );
      }
      expect(blocked).toBe(1);
      // A's write waits for the book; the counter row it will update is still free.
      const free = await dsB.query(`SELECT n FROM cached_counter WHERE id = 'c5' FOR UPDATE SKIP LOCKED`);
      expect(free).toHaveLength(1);
      await holder.rollbackTransaction();
      expect((await waiting).seq).toBe(2);
    } finally {
      await holder.release();
    }
    expect(await counter('c5')).toBe(2);
  });

  it('a read that says what it becomes: answered from memory while the head stays, reread once it moved', async () => {
    const book = '411125000000';
    await bump(a, book, 'c6', readCounters, true); // careful route
    expect(await seen(bump(a, book, 'c6', readCounters, true))).toBe(1); // read, then remembered as 2
    sent.length = 0;
    expect(await seen(bump(a, book, 'c6', readCounters, true))).toBe(2);
    expect(sent).toEqual([expect.stringMatching(/^WITH lk AS/)]);
    await bump(b, book, 'c6'); // another instance: the counter is 4, A remembers 3 at a head that moved
    expect(await seen(bump(a, book, 'c6', readCounters, true))).toBe(4);
    expect(await counter('c6')).toBe(5);
    await verified(book);
  });

  it('an entry about the subject that does not say what the read becomes makes it forgotten', async () => {
    const book = '411126000000';
    await bump(a, book, 'c7', readCounters, true);
    await bump(a, book, 'c7', readCounters, true); // remembered: 2
    // A callback without the read, about the same counter, on the cached route.
    await a.append(
      book,
      ({ alsoWrite }) => {
        alsoWrite({
          sql: `UPDATE cached_counter c SET n = c.n + 10 FROM unnest($1::text[]) AS x(id) WHERE c.id = x.id`,
          columns: ['text'],
          rows: [['c7']],
          touches: ['counter:c7'],
        });
        return { type: 'test.noted', occurredOn: '2024-03-02', actor: 'test', subjects: ['counter:c7'] };
      },
      { checksFirst: true },
    );
    expect(await seen(bump(a, book, 'c7', readCounters, true))).toBe(12);
    expect(await counter('c7')).toBe(13);
  });
});
