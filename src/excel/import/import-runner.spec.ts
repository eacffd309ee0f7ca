import { DomainError } from '../../common/errors/domain-error';
import { writeAll } from './import-runner';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ row: i + 2 }));

describe('writeAll', () => {
  it('answers the ids in row order whatever order the writes finish in', async () => {
    const result = await writeAll(rows(100), async ({ row }) => {
      await new Promise((r) => setTimeout(r, (row * 7) % 5));
      return `id-${row}`;
    });
    expect(result).toEqual({ count: 100, ids: rows(100).map(({ row }) => `id-${row}`) });
  });

  it('starts nothing after a failed write and lists exactly the rows that were written', async () => {
    const started: number[] = [];
    const err = await writeAll(rows(500), async ({ row }) => {
      started.push(row);
      await new Promise((r) => setImmediate(r));
      if (row === 100) throw new DomainError('ALREADY_EXISTS', 'Document X is already recorded');
      return `id-${row}`;
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    const { code, details } = err as DomainError;
    const { row, cause, written } = details as {
      row: number;
      cause: { code: string };
      written: Array<{ row: number; id: string }>;
    };
    expect(code).toBe('CONFLICT');
    expect(row).toBe(100);
    expect(cause.code).toBe('ALREADY_EXISTS');
    // Rows already in flight when row 100 failed finish; none is started afterwards.
    expect(Math.max(...started)).toBeLessThan(100 + 64);
    expect(written.map((w) => w.row)).toEqual(started.filter((r) => r !== 100).sort((a, b) => a - b));
    expect(written.every((w) => w.id === `id-${w.row}`)).toBe(true);
  });
});
