import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';
import { COUNTY, VILLAGE } from '../support/project-fixtures';
import { FUND_HEADER, HOUSEHOLD_HEADER, xlsx } from './xlsx-fixtures';

const run = promisify(execFile);
/** EXCEL_BENCH_ROWS=5000 turns the last test into the measurement of the report. */
const BENCH_ROWS = Number(process.env.EXCEL_BENCH_ROWS ?? 300);

describe('CLI import-funds / import-households', () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'sl-excel-cli-'));
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', ...args],
        {
          env: { ...process.env, DATABASE_URL: t.database.url, LOG_LEVEL: 'silent' },
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const save = async (name: string, rows: unknown[][]) => {
    const file = join(dir, name);
    writeFileSync(file, await xlsx(FUND_HEADER, rows as never));
    return file;
  };
  const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM fund`))[0].n as number;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('prints the row report and writes nothing when a row is bad', async () => {
    const before = await tableCounts(t.db);
    const file = await save('bad.xlsx', [
      ['C-1', '标题', '中央', 100, '2024-01-01', null, null],
      ['C-2', '标题', '中央', 1.001, '2024-01-01', null, null],
    ]);
    const res = await cli('import-funds', file, '--region', COUNTY);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('IMPORT_REJECTED');
    expect(res.stderr).toContain('row 3\t金额(元)\t1.001\thas more than 2 decimals');
    expect(await tableCounts(t.db)).toEqual(before);
    expect((await cli('import-funds', join(dir, 'missing.xlsx'))).code).toBe(2);
  });

  it('imports a household list into --region; that file again replays, another naming them is refused', async () => {
    const file = join(dir, 'households.xlsx');
    const rows = [
      ['王大山', '411103198503150018', null, 4, '有劳动能力', '脱贫户', '2024-01-10'],
      ['李小花', '411103199001011231', null, 3, '无劳动能力', '监测户', '2024-01-10'],
    ];
    writeFileSync(file, await xlsx(HOUSEHOLD_HEADER, rows, { textColumns: [2] }));
    const first = await cli('import-households', file, '--region', VILLAGE);
    expect(first.stdout).toMatch(/imported 2 households/);
    const listed = await t.db.query(`SELECT id_number_masked FROM household WHERE region_code = $1 ORDER BY 1`, [
      VILLAGE,
    ]);
    expect(listed).toEqual([{ id_number_masked: '411103********0018' }, { id_number_masked: '411103********1231' }]);
    const counts = await tableCounts(t.db);
    const again = await cli('import-households', file, '--region', VILLAGE);
    expect([again.code, again.stdout]).toEqual([0, expect.stringMatching(/imported 2 households/)]);
    expect(await tableCounts(t.db)).toEqual(counts);

    const other = join(dir, 'households-2.xlsx');
    writeFileSync(
      other,
      await xlsx(
        HOUSEHOLD_HEADER,
        [...rows, ['张三', '411103198001010011', null, 2, '有劳动能力', '脱贫户', '2024-01-10']],
        { textColumns: [2] },
      ),
    );
    const refused = await cli('import-households', other, '--region', VILLAGE);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('row 2\t身份证号\t411103********0018\tDUPLICATE_HOUSEHOLD');
    expect(refused.stderr).not.toContain('411103198503150018');
    expect(await tableCounts(t.db)).toEqual(counts);
  });

  it(`imports ${BENCH_ROWS} rows with a progress bar`, async () => {
    const rows = Array.from({ length: BENCH_ROWS }, (_, i) => [
      `郾财〔2024〕${i + 1}号`,
      '关于下达2024年衔接推进乡村振兴补助资金的通知',
      i % 2 ? '中央' : '省',
      1000 + i + 0.5,
      '2024-03-15',
      '产业发展',
      null,
    ]);
    const file = await save('many.xlsx', rows);
    const before = await count();
    const res = await cli('import-funds', file, '--region', COUNTY);
    expect(res.stderr).toContain(`${BENCH_ROWS}/${BENCH_ROWS}`);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      new RegExp(
        `imported ${BENCH_ROWS} funds in [\\d.]+ s \\(\\d+ rows/s; ` +
          `read and checked in [\\d.]+ s, written in [\\d.]+ s\\)`,
      ),
    );
    expect((await count()) - before).toBe(BENCH_ROWS);
    const [{ total }] = await t.db.query(`SELECT sum(amount)::text AS total FROM fund WHERE region_code = $1`, [
      COUNTY,
    ]);
    // Σ (1000 + i + 0.5) yuan, in fen.
    expect(BigInt(total)).toBe(
      BigInt(BENCH_ROWS) * 100050n + ((BigInt(BENCH_ROWS) * BigInt(BENCH_ROWS - 1)) / 2n) * 100n,
    );
  });
});
