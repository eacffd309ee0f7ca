import { binaryArray } from '../../database/binary-array';
import type { RowsStatement, ValuesStatement } from '../projections';
import {
  BatchRows,
  cachedStatement,
  carefulStatement,
  extraCtes,
  JOURNAL_COLUMNS,
  mergeRows,
  Params,
} from './batch-statement';

const insert = (id: string, amount: number): RowsStatement => ({
  sql: 'INSERT INTO t (id, amount) SELECT * FROM unnest($1::uuid[], $2::bigint[])',
  columns: ['uuid', 'int8'],
  rows: [[id, amount]],
  touches: [],
});
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const hash = Buffer.alloc(32, 1);

function batch(extra: BatchRows['extra'] = []): BatchRows {
  const doc = {
    v: 1 as const,
    book: '411103000000',
    seq: 2,
    type: 'test.moved',
    occurredOn: '2026-01-02',
    recordedAt: '2026-01-02T03:04:05.000Z',
    actor: 'u',
    subjects: ['project:x'],
    payload: {},
    postings: [
      { account: 'test:a', fund: A, amount: '-5' },
      { account: 'test:b', fund: A, amount: '5' },
    ],
  };
  return {
    entries: [{ doc, idempotencyKey: null, body: Buffer.from('{}'), prevHash: hash, hash }],
    accounts: [{ book: doc.book, account: 'test:b', fund: A, balance: 5n, nonNegative: true }],
    funds: [{ fund: B, book: doc.book, seq: 2 }],
    heads: [{ code: doc.book, seq: 2, hash }],
    extra,
  };
}

/** The column names of `INSERT INTO <table> (…)` in a statement's text. */
const insertedColumns = (text: string, table: string) =>
  [...text.matchAll(new RegExp(`INSERT INTO ${table} \\(([^)]*)\\)`, 'g'))].map((m) => m[1].split(', '));

/** Every `$n` of a text, as numbers. */
const refs = (text: string) => new Set([...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));

describe('the batch statements: one column list', () => {
  const statements = {
    careful: carefulStatement(batch([insert(A, 1)])),
    cached: cachedStatement(batch([insert(A, 1)]), [{ code: '411103000000', seq: 1, hash }]),
  };

  it.each(['journal_entry', 'journal_posting', 'ledger_account', 'ledger_fund'] as const)(
    'both statements insert into %s exactly the columns of JOURNAL_COLUMNS',
    (table) => {
      const names = JOURNAL_COLUMNS[table].map((c) => c.name);
      expect(insertedColumns(statements.careful.text, table)).toEqual([names]);
      expect(insertedColumns(statements.cached.text, table)).toEqual([names]);
    },
  );

  it.each(Object.keys(statements) as Array<keyof typeof statements>)(
    'the %s statement refers to every parameter it sends, and to no other',
    (route) => {
      const { text, values } = statements[route];
      expect([...refs(text)].sort((a, b) => a - b)).toEqual(values.map((_, i) => i + 1));
    },
  );
});

describe('the cached statement: every part that writes reads the gate', () => {
  const { text } = cachedStatement(batch([insert(A, 1), insert(B, 2)]), [{ code: '411103000000', seq: 1, hash }]);
  const cte = (name: string) => {
    const start = text.indexOf(`${name} AS (`);
    let depth = 0;
    for (let i = text.indexOf('(', start); i < text.length; i++) {
      depth += text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0;
      if (depth === 0) return text.slice(start, i + 1);
    }
    throw new Error(`no CTE ${name}`);
  };

  it.each(['e', 'p', 'acc', 'acc_new', 'f', 'x0'])('%s reads the gate', (name) => {
    expect(cte(name)).toContain('FROM gate');
  });

  it('an extra CTE reads each of its arrays through the gate, so a moved head leaves it no rows', () => {
    const x0 = cte('x0');
    expect(x0.match(/\$\d+/g)).toHaveLength(2);
    for (const ref of x0.match(/\$\d+::\w+\[\]/g)!) expect(x0).toContain(`(SELECT ${ref} FROM gate WHERE gate.ok)`);
  });

  it('the main statement, too, writes only when the gate is open', () => {
    expect(text.slice(text.lastIndexOf('UPDATE journal_book'))).toContain('(SELECT ok FROM gate)');
  });
});

describe('extraCtes: the statements that ride along with a batch', () => {
  const update: ValuesStatement = { sql: 'UPDATE u SET n = n + 1 WHERE id = $1', params: ['x'], touches: ['u:x'] };

  it('merges rows statements of one text into one CTE, so the batch text does not grow with the batch', () => {
    const params = new Params();
    params.ref('before', 0);
    const sql = extraCtes(mergeRows([insert(A, 1), update, insert(B, 2)]), params);
    expect(sql).toBe(
      ', x0 AS (INSERT INTO t (id, amount) SELECT * FROM unnest($2::uuid[], $3::bigint[]))' +
        ', x1 AS (UPDATE u SET n = n + 1 WHERE id = $4)',
    );
    expect(params.sources.map((s) => `${s.group}.${s.index}`)).toEqual(['before.0', 'x0.0', 'x0.1', 'x1.0']);
  });

  it('sends the merged rows as the last parameters of the batch statement', () => {
    const { values } = carefulStatement(batch([insert(A, 1), update, insert(B, 2)]));
    expect(values.slice(-3)).toEqual([binaryArray('uuid', [A, B]), binaryArray('int8', [1, 2]), 'x']);
  });

  it('leaves the statements it merged as they were', () => {
    const first = insert(A, 1);
    carefulStatement(batch([first, insert(B, 2)]));
    carefulStatement(batch([first, insert(B, 2)]));
    expect(first.rows).toEqual([[A, 1]]);
  });

  it('refuses to gate a statement whose parameters have no declared types', () => {
    expect(() => extraCtes([update], new Params(), 'gate WHERE gate.ok')).toThrow(/cannot be gated/);
  });

  it('refuses a statement that refers to a parameter it has no value for', () => {
    const bad: ValuesStatement = { sql: 'UPDATE u SET n = $2 WHERE id = $1', params: ['x'], touches: [] };
    expect(() => carefulStatement(batch([bad]))).toThrow(/\$2 of an extra statement has no value/);
  });
});

describe('the statement of a shape is built once', () => {
  const starts = [{ code: '411103000000', seq: 1, hash }];

  it('a batch of other rows with the same extra texts reuses the text and its prepared name', () => {
    const one = cachedStatement(batch([insert(A, 1)]), starts);
    const more = batch([insert(A, 1), insert(B, 2)]);
    more.entries.push(more.entries[0]);
    const two = cachedStatement(more, starts);
    expect(two.text).toBe(one.text);
    expect(two.name).toBe(one.name);
    expect(two.values[0]).toEqual(binaryArray('varchar', ['411103000000', '411103000000']));
  });

  it('other extra texts give another text and name', () => {
    const plain = cachedStatement(batch(), starts);
    const extra = cachedStatement(batch([insert(A, 1)]), starts);
    expect(extra.text).not.toBe(plain.text);
    expect(extra.name).not.toBe(plain.name);
  });
});
