import { randomUUID } from 'node:crypto';
import { DomainError } from '../../src/common/errors/domain-error';
import { JournalService } from '../../src/journal/journal.service';
import { receiveFund } from '../support/journal-fixtures';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * `checksFirst` appends run without a savepoint: a refusal must leave its batch neighbours alone,
 * and a failure after the first write must fail nobody but itself (the batch is retried one by one).
 */
describe('journal: checksFirst appends (no savepoint)', () => {
  const BOOK = '411121000000';
  let t: TestApp;
  let journal: JournalService;
  let fund: string;

  beforeAll(async () => {
    t = await createTestApp({ regions: false });
    journal = t.app.get(JournalService);
    ({ fund } = await receiveFund(journal, BOOK, 1_000n));
  });
  afterAll(() => t.close());

  /** Pays `amount` from the pool to test:sink unless the callback refuses; writes a row beside the entry. */
  const pay = (
    amount: bigint,
    opts: { refuse?: boolean; besideId?: string; accounts?: string[]; touches?: string[] } = {},
  ) =>
    journal.append(
      BOOK,
      async ({ balance, alsoWrite }) => {
        const pool = await balance(BOOK, `pool:${BOOK}`, fund);
        if (opts.refuse || pool < amount) throw new DomainError('INSUFFICIENT_FUNDS', 'refused by the callback');
        alsoWrite({
          sql: `INSERT INTO disbursement_payee_account (disbursement_id, account_no)
            SELECT * FROM unnest($1::uuid[], $2::text[])`,
          columns: ['uuid', 'text'],
          rows: [[opts.besideId ?? randomUUID(), `acct-${amount}`]],
          touches: opts.touches,
        });
        return {
          type: 'test.spent',
          occurredOn: '2024-03-02',
          actor: 'test',
          postings: [
            { account: `pool:${BOOK}`, fund, amount: -amount },
            { account: 'test:sink', fund, amount },
          ],
        };
      },
      { checksFirst: true, accounts: opts.accounts ?? [`pool:${BOOK}`, 'test:sink'] },
    );

  const entries = async () =>
    (await t.db.query(`SELECT seq::int FROM journal_entry WHERE book = $1 ORDER BY seq`, [BOOK])).map(
      (r: { seq: number }) => r.seq,
    );

  it('a refusal in the middle of a batch leaves the others written, with their rows beside', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const results = await Promise.allSettled([
      pay(10n, { besideId: ids[0] }),
      pay(20n, { refuse: true, besideId: ids[1] }),
      pay(30n, { besideId: ids[2] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    const beside = await t.db.query(
      `SELECT disbursement_id FROM disbursement_payee_account
        WHERE disbursement_id = ANY($1::uuid[]) ORDER BY account_no`,
      [ids],
    );
    expect(beside.map((r: { disbursement_id: string }) => r.disbursement_id)).toEqual([ids[0], ids[2]]);
    expect(await entries()).toEqual([1, 2, 3]);
    expect(await journal.balance(BOOK, `pool:${BOOK}`, fund)).toBe(960n);
  });

  // Rows beside without `touches` are written with their own entry; with them, at the batch's write.
  it.each([
    ['with its entry', undefined],
    ['with the batch', []],
  ])(
    'a write failing after the checks (rows beside written %s) fails only its own append; the batch retries one by one',
    async (_, touches) => {
      const taken = randomUUID();
      const pool = await journal.balance(BOOK, `pool:${BOOK}`, fund);
      const sink = await journal.balance(BOOK, 'test:sink', fund);
      await pay(1n, { besideId: taken });
      const before = (await entries()).length;
      const results = await Promise.allSettled([
        pay(2n, { touches }),
        pay(3n, { besideId: taken, touches }),
        pay(4n, { touches }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await entries()).toEqual(Array.from({ length: before + 2 }, (_, i) => i + 1));
      expect(await journal.balance(BOOK, `pool:${BOOK}`, fund)).toBe(pool - 1n - 2n - 4n);
      expect(await journal.balance(BOOK, 'test:sink', fund)).toBe(sink + 1n + 2n + 4n);
    },
  );

  it('a batch read is made once for the batch, and withheld once an earlier entry is about its subject', async () => {
    const runs: string[][] = [];
    const read = (subject: string) => ({
      kind: 'test.read',
      arg: subject,
      subject,
      run: async (query: (sql: string, params: unknown[]) => Promise<Array<{ s: string }>>, args: string[]) => {
        runs.push(args);
        return (await query(`SELECT unnest($1::text[]) AS s`, [args])).map((r) => `read ${r.s}`);
      },
    });
    const seen: unknown[] = [];
    const append = (subject: string) =>
      journal.append(
        BOOK,
        ({ readResult }) => {
          seen.push(readResult());
          return { type: 'test.noted', occurredOn: '2024-03-02', actor: 'test', subjects: [subject] };
        },
        { checksFirst: true, read: read(subject) },
      );
    await Promise.all([append('project:a'), append('project:b'), append('project:a')]);
    expect(runs).toEqual([['project:a', 'project:b', 'project:a']]);
    expect(seen).toEqual(['read project:a', 'read project:b', undefined]);
  });

  it('balances of hinted paths are current within a batch, and a new account of one starts at 0', async () => {
    const sink = `test:hinted-${randomUUID().slice(0, 8)}`;
    const move = (from: string, to: string, amount: bigint) =>
      journal.append(
        BOOK,
        () => ({
          type: 'test.spent',
          occurredOn: '2024-03-02',
          actor: 'test',
          postings: [
            { account: from, fund, amount: -amount },
            { account: to, fund, amount },
          ],
        }),
        { checksFirst: true, accounts: [from, to] },
      );
    const results = await Promise.allSettled([
      move(`pool:${BOOK}`, sink, 100n),
      move(sink, 'test:sink', 60n),
      move(sink, 'test:sink', 60n),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect(await journal.balance(BOOK, sink, fund)).toBe(40n);
  });

  describe('rows beside that say what they touch wait for the batch write', () => {
    /** Counts the journal's batch write statements (StagedRows.write, or the cached route's writeCheckingHeads). */
    let writes = 0;
    beforeAll(async () => {
      await t.db.query(`CREATE TABLE checks_first_counter (id text PRIMARY KEY, n int NOT NULL)`);
      await t.db.query(`INSERT INTO checks_first_counter VALUES ('a', 0), ('b', 0), ('c', 0)`);
      const create = t.db.createQueryRunner.bind(t.db);
      t.db.createQueryRunner = (mode) => {
        const qr = create(mode);
        const connect = qr.connect.bind(qr);
        qr.connect = async () => {
          const client = (await connect()) as {
            query: (config: { text?: string }, ...rest: unknown[]) => unknown;
            counted?: boolean;
          };
          if (!client.counted) {
            client.counted = true;
            const query = client.query.bind(client);
            client.query = (config, ...rest) => {
              if (typeof config === 'object' && /^WITH (e|lk) AS/.test(config.text?.trimStart() ?? '')) writes++;
              return query(config, ...rest);
            };
          }
          return client;
        };
        return qr;
      };
    });

    const counters = async () =>
      Object.fromEntries(
        (
          (await t.db.query(`SELECT id, n FROM checks_first_counter ORDER BY id`)) as Array<{ id: string; n: number }>
        ).map((r) => [r.id, r.n]),
      );

    /** Adds 1 to a counter row beside an entry; `read` first counts the book's entries through `em`. */
    const bump = (id: string, read = false) =>
      journal.append(
        BOOK,
        async ({ alsoWrite, em }) => {
          const seen = read
            ? (
                (await em.query(`SELECT count(*)::int AS n FROM journal_entry WHERE book = $1`, [BOOK])) as Array<{
                  n: number;
                }>
              )[0].n
            : null;
          alsoWrite({
            sql: `UPDATE checks_first_counter c SET n = c.n + 1 FROM unnest($1::text[]) AS x(id) WHERE c.id = x.id`,
            columns: ['text'],
            rows: [[id]],
            touches: [`counter:${id}`],
          });
          return { type: 'test.noted', occurredOn: '2024-03-02', actor: 'test', payload: { seen } };
        },
        { checksFirst: true },
      );

    it('a batch of appends touching different rows is written by one statement', async () => {
      const before = await counters();
      writes = 0;
      await Promise.all([bump('a'), bump('b'), bump('c')]);
      expect(writes).toBe(1);
      expect(await counters()).toEqual({ a: before.a + 1, b: before.b + 1, c: before.c + 1 });
    });

    it('an append touching a row a waiting one touches writes the batch so far first: no change is lost', async () => {
      const before = await counters();
      writes = 0;
      await Promise.all([bump('a'), bump('b'), bump('a'), bump('a')]);
      expect(await counters()).toEqual({ ...before, a: before.a + 3, b: before.b + 1 });
      expect(writes).toBe(3);
    });

    it("a callback's read through em sees the entries of the batch waiting before it", async () => {
      const before = (await entries()).length;
      const [, second] = await Promise.all([bump('a'), bump('b', true)]);
      expect(second.document.payload).toEqual({ seen: before + 1 });
    });
  });
});
