import { fenToYuan } from '../../src/common/money';
import { TABLE_NAMES } from '../../src/exports/tables';
import { COUNTY, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';
import { csvRows, csvTotal, download, SECRETS, seedCounty, xlsxRows } from './export-fixtures';

const SIBLING_COUNTY = '411102000000';

describe('streamed table exports (csv and xlsx)', () => {
  let t: TestApp;
  let tokens: Record<string, string>;
  const get = (who: string, path: string) => download(t, tokens[who], path);
  const sql = async (text: string, params: unknown[] = []) => (await t.db.query(text, params))[0];

  beforeAll(async () => {
    t = await createTestApp();
    tokens = await projectTokens(t);
    tokens.admin = await t.tokenFor('admin', COUNTY);
    await t.db.query(
      `INSERT INTO region (code, name, level, parent_code) VALUES ($1, '源汇区', 'county', '411100000000')
       ON CONFLICT DO NOTHING`,
      [SIBLING_COUNTY],
    );
    tokens.siblingAuditor = await t.tokenFor('auditor', SIBLING_COUNTY);
    await seedCounty(new ProjectDriver(t, tokens));
  });
  afterAll(() => t.close());

  it('payments as csv: BOM, CRLF, exact yuan strings; the total equals the SQL sum', async () => {
    const res = await get('auditor', `payments.csv?regionCode=${COUNTY}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`filename="payments-${COUNTY}.csv"`);
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.body.toString('utf8')).toContain('\r\n');
    const rows = csvRows(res.body);
    expect(rows[0].slice(0, 4)).toEqual(['凭证号', '项目名称', '区划代码', '类型']);
    const { total, n } = await sql(`SELECT sum(amount)::text AS total, count(*)::int AS n FROM disbursement`);
    expect(rows).toHaveLength(n + 1);
    expect(csvTotal(rows, '金额(元)')).toBe(BigInt(total));
    const amounts = rows.slice(1).map((r) => r[rows[0].indexOf('金额(元)')]);
    expect(amounts).toContain('200.55');
    expect(amounts.every((a) => /^\d+\.\d{2}$/.test(a))).toBe(true);
  });

  it('payments as xlsx: #,##0.00 numbers and a 合计 without the reversed payment, equal to SQL', async () => {
    const res = await get('finance', 'payments.xlsx');
    expect(res.status).toBe(200);
    const { ws, rows } = await xlsxRows(res.body);
    const col = (rows[0] as string[]).indexOf('金额(元)') + 1;
    expect(ws.getRow(2).getCell(col).numFmt).toBe('#,##0.00');
    const { kept } = await sql(`SELECT sum(amount)::text AS kept FROM disbursement WHERE reversed_seq IS NULL`);
    const last = ws.getRow(ws.rowCount);
    expect(last.getCell(1).value).toBe('合计(不含已冲销)');
    expect(last.getCell(col).value).toBe(Number(fenToYuan(BigInt(kept))));
  });

  it('postings as csv and xlsx: every posting, the sums equal the journal', async () => {
    const { n, debit } = await sql(
      `SELECT count(*)::int AS n, sum(amount) FILTER (WHERE amount > 0)::text AS debit
         FROM journal_posting WHERE book LIKE '411103%'`,
    );
    const rows = csvRows((await get('auditor', 'postings.csv')).body);
    expect(rows).toHaveLength(n + 1);
    expect(csvTotal(rows, '金额(元)')).toBe(0n); // double entry
    expect(csvTotal(rows, '金额(元)', (r) => !r[8].startsWith('-'))).toBe(BigInt(debit));
    const { rows: xrows } = await xlsxRows((await get('auditor', 'postings.xlsx')).body);
    expect(xrows).toHaveLength(n + 2);
    const positive = xrows.slice(1, -1).reduce((s: number, r) => s + Math.max(0, Math.round(Number(r[8]) * 100)), 0);
    expect(BigInt(positive)).toBe(BigInt(debit));
  });

  it('a period keeps the rows of that period only', async () => {
    const rows = csvRows((await get('auditor', 'payments.csv?from=2024-05-01&to=2024-05-31')).body);
    const dates = rows.slice(1).map((r) => r[4]);
    const { n } = await sql(
      `SELECT count(*)::int AS n FROM disbursement WHERE paid_on BETWEEN '2024-05-01' AND '2024-05-31'`,
    );
    expect(dates).toHaveLength(n);
    expect(n).toBeGreaterThan(0);
    expect(dates.every((d) => d >= '2024-05-01' && d <= '2024-05-31')).toBe(true);
    const entries = csvRows((await get('auditor', 'entries.csv?from=2024-05-01&to=2024-05-31')).body);
    expect(entries.slice(1).every((r) => r[3] >= '2024-05-01' && r[3] <= '2024-05-31')).toBe(true);
    const res = await get('auditor', 'entries.csv?from=2024-05-01&to=2024-05-31');
    expect(res.headers['content-disposition']).toContain(`entries-${COUNTY}-2024-05-01_2024-05-31.csv`);
  });

  it('every table in both formats: rows present, no full ID number, bank account or phone number', async () => {
    for (const table of TABLE_NAMES) {
      for (const format of ['csv', 'xlsx']) {
        const res = await get('auditor', `${table}.${format}`);
        expect([table, format, res.status]).toEqual([table, format, 200]);
        const rows = format === 'csv' ? csvRows(res.body) : (await xlsxRows(res.body)).rows;
        expect([table, rows.length > 1]).toEqual([table, true]);
        const text = JSON.stringify(rows);
        for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
        expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
      }
    }
    const distributions = csvRows((await get('auditor', 'distributions.csv')).body);
    expect(distributions.flat()).toContain(`${SECRETS.idNumber.slice(0, 6)}********${SECRETS.idNumber.slice(-4)}`);
    const payments = csvRows((await get('auditor', 'payments.csv')).body).flat();
    expect(payments).toContain('****5678');
    expect(payments).toContain('****2333');
  });

  it('scope: a sibling county, another region and a village user get 403; nothing changes', async () => {
    const before = await tableCounts(t.db);
    const sibling = await get('siblingAuditor', `payments.csv?regionCode=${COUNTY}`);
    expect([sibling.status, JSON.parse(sibling.body.toString()).code]).toEqual([403, 'OUT_OF_SCOPE']);
    const outside = await get('auditor', `entries.xlsx?regionCode=${SIBLING_COUNTY}`);
    expect([outside.status, JSON.parse(outside.body.toString()).code]).toEqual([403, 'OUT_OF_SCOPE']);
    const village = await get('village', 'payments.csv');
    expect([village.status, JSON.parse(village.body.toString()).code]).toEqual([403, 'FORBIDDEN']);
    expect((await get('township', 'funds.csv')).status).toBe(403);
    expect((await get('admin', 'funds.csv')).status).toBe(200);
    expect((await get('program', 'projects.xlsx')).status).toBe(200);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('bad input: unknown table or format, bad dates, a reversed or over-10-year period → 400', async () => {
    const error = async (path: string) => {
      const res = await get('auditor', path);
      expect(res.status).toBe(400);
      return JSON.parse(res.body.toString());
    };
    const unknown = await error('households.csv');
    expect(unknown.code).toBe('VALIDATION_FAILED');
    expect(unknown.message).toContain(TABLE_NAMES.join(', '));
    expect(unknown.details).toEqual({ tables: TABLE_NAMES, formats: ['csv', 'xlsx'] });
    expect((await error('payments.pdf')).message).toContain('csv or xlsx');
    expect((await error('payments')).details.formats).toEqual(['csv', 'xlsx']);
    expect((await error('payments.csv?from=2024-02-30')).message).toContain('from');
    expect((await error('payments.csv?to=20240101')).message).toContain('to');
    expect((await error('payments.csv?from=2024-05-01&to=2024-04-30')).message).toContain('before');
    expect((await error('payments.csv?from=2014-01-01&to=2024-01-01')).details).toMatchObject({ maxYears: 10 });
    expect((await get('auditor', 'payments.csv?from=2014-01-02&to=2024-01-01')).status).toBe(200);
    expect((await error('payments.csv?year=2024&from=2024-01-01')).code).toBe('VALIDATION_FAILED');
    expect((await error('payments.csv?regionCode=nope')).code).toBe('VALIDATION_FAILED');
    expect((await error('payments.csv?limit=5')).code).toBe('VALIDATION_FAILED');
  });
});
