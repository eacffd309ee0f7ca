import { Client } from 'pg';
import { binaryArray, ElementType, ElementValue } from '../../src/database/binary-array';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** What PostgreSQL reads from a binary array must be what its text input reads from the same values. */
describe('binary arrays: PostgreSQL reads them as it reads their text', () => {
  let database: TestDatabase;
  let client: Client;
  beforeAll(async () => {
    database = await createTestDatabase({ migrated: false });
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  /** The array PostgreSQL received, printed by PostgreSQL. */
  const received = async (type: ElementType, values: ElementValue[]) =>
    (await client.query<{ t: string }>(`SELECT $1::${type}[]::text AS t`, [binaryArray(type, values)])).rows[0].t;
  /** The same values through PostgreSQL's text input of each element. */
  const fromText = async (type: ElementType, values: Array<string | null>) =>
    (
      await client.query<{ t: string }>(
        `SELECT array_agg(v::${type} ORDER BY i)::text AS t FROM unnest($1::text[]) WITH ORDINALITY AS x(v, i)`,
        [values],
      )
    ).rows[0].t;

  const cases: Array<[ElementType, ElementValue[], Array<string | null>]> = [
    ['varchar', ['430521', '阳光台账', ''], ['430521', '阳光台账', '']],
    [
      'text',
      ['a "quoted", {braced} \\ value', null, 'project:1'],
      ['a "quoted", {braced} \\ value', null, 'project:1'],
    ],
    [
      'int8',
      [1, '9223372036854775807', -9223372036854775808n, null],
      ['1', '9223372036854775807', '-9223372036854775808', null],
    ],
    ['int2', [0, 3, -32768], ['0', '3', '-32768']],
    ['int4', [201, -2147483648, null], ['201', '-2147483648', null]],
    ['bool', [true, false], ['true', 'false']],
    [
      'date',
      ['2000-01-01', '1999-12-31', '2026-02-28', '2024-02-29'],
      ['2000-01-01', '1999-12-31', '2026-02-28', '2024-02-29'],
    ],
    [
      'timestamptz',
      ['2026-11-23T01:02:03.456Z', '1999-12-31T23:59:59Z'],
      ['2026-11-23T01:02:03.456Z', '1999-12-31T23:59:59Z'],
    ],
    ['uuid', ['0b5d3a52-5c0e-4f7e-9d55-2a8c4c3c1f00'], ['0b5d3a52-5c0e-4f7e-9d55-2a8c4c3c1f00']],
    ['jsonb', ['["project:1","fund:2"]', '{"b":1,"a":"元"}'], ['["project:1","fund:2"]', '{"b":1,"a":"元"}']],
  ];
  it.each(cases)('%s', async (type, values, text) => {
    expect(await received(type, values)).toBe(await fromText(type, text));
  });

  it('bytea elements arrive byte for byte, and an empty array is empty', async () => {
    const bytes = [Buffer.from([0, 1, 255, 92, 34]), Buffer.alloc(32, 7)];
    const { rows } = await client.query<{ b: Buffer[]; n: number }>(
      `SELECT $1::bytea[] AS b, cardinality($2::bigint[]) AS n`,
      [binaryArray('bytea', bytes), binaryArray('int8', [])],
    );
    expect(rows[0].b).toEqual(bytes);
    expect(rows[0].n).toBe(0);
  });

  it('PostgreSQL still refuses what its text input refuses: a NUL in text, malformed JSON', async () => {
    await expect(client.query(`SELECT $1::text[]`, [binaryArray('text', ['a\u0000b'])])).rejects.toThrow(
      /invalid byte sequence/,
    );
    await expect(client.query(`SELECT $1::jsonb[]`, [binaryArray('jsonb', ['{bad'])])).rejects.toThrow(
      /invalid input syntax for type json/,
    );
  });

  it.each([
    ['date', '2025-02-30'],
    ['date', '2025-2-3'],
    ['timestamptz', '2026-11-23 01:02:03'],
    ['timestamptz', '2026-11-23T01:02:03.123456Z'],
    ['uuid', 'not-a-uuid'],
    ['int8', '1.5'],
    ['int8', 2 ** 53],
  ] as Array<[ElementType, ElementValue]>)(
    'refuses a malformed %s (%s) instead of sending other bytes',
    (type, value) => {
      expect(() => binaryArray(type, [value])).toThrow(TypeError);
    },
  );
});
