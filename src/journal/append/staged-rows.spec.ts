import { binaryArray } from '../../database/binary-array';
import type { RowsStatement, ValuesStatement } from '../projections';
import { StagedRows } from './staged-rows';

const insert = (id: string, amount: number): RowsStatement => ({
  sql: 'INSERT INTO t (id, amount) SELECT * FROM unnest($1::uuid[], $2::bigint[])',
  columns: ['uuid', 'int8'],
  rows: [[id, amount]],
  touches: [],
});
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

describe('StagedRows.extraCtes: the statements that ride along with a batch', () => {
  it('merges rows statements of one text into one CTE, so the batch text does not grow with the batch', () => {
    const rows = new StagedRows();
    const update: ValuesStatement = { sql: 'UPDATE u SET n = n + 1 WHERE id = $1', params: ['x'], touches: ['u:x'] };
    rows.addExtra([insert(A, 1), update]);
    rows.addExtra([insert(B, 2)]);
    const { sql, params } = rows.extraCtes(34);
    expect(sql).toBe(
      ', x0 AS (INSERT INTO t (id, amount) SELECT * FROM unnest($34::uuid[], $35::bigint[])), x1 AS (UPDATE u SET n = n + 1 WHERE id = $36)',
    );
    expect(params).toEqual([binaryArray('uuid', [A, B]), binaryArray('int8', [1, 2]), 'x']);
  });

  it('leaves the statements it merged as they were', () => {
    const first = insert(A, 1);
    const rows = new StagedRows();
    rows.addExtra([first, insert(B, 2)]);
    rows.extraCtes(1);
    rows.extraCtes(1);
    expect(first.rows).toEqual([[A, 1]]);
  });
});
