import { RULES } from '../../src/audit/findings/rule-codes';
import { SEVERITIES } from '../../src/audit/findings/finding';
import { RegionsService } from '../../src/regions/regions.service';
import { binary, readXlsx } from '../excel/xlsx-fixtures';
import { COUNTY, PROVINCE, ProjectDriver, projectTokens, VILLAGE } from '../support/project-fixtures';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';
import { FindingItem, findingsOf } from './audit-fixtures';

// Lower thresholds for this file so the average of the counties can be tested apart from the floor.
process.env.AUDIT_SPENDING_MIN_PERCENT = '50';
process.env.AUDIT_SPENDING_BELOW_AVERAGE_POINTS = '5';

const OTHER_COUNTY = '411102000000';
const OTHER_TOWNSHIP = '411102100000';
const OTHER_VILLAGE_B = '411102100201';

describe('audit findings over HTTP: county rules, two counties, filters, xlsx, errors and scope', () => {
  let t: TestApp;
  let a: ProjectDriver;
  let b: ProjectDriver;
  const fundIn = (d: ProjectDriver, regionCode: string, amount: string, issuedOn: string) =>
    d.post(
      'finance',
      '/api/v1/funds',
      {
        docNo: `财〔2024〕${Math.random().toString(36).slice(2, 8)}号`,
        title: '县级衔接资金',
        sourceLevel: 'county',
        regionCode,
        amount,
        issuedOn,
      },
      201,
    );
  const get = (who: string, query: string, driver = a) =>
    t.http().get(`/api/v1/audit/findings?${query}`).set(driver.as(who));

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(RegionsService).upsertMany([
      { code: OTHER_COUNTY, name: '源汇区', parentCode: '411100000000' },
      { code: OTHER_TOWNSHIP, name: '老街街道', parentCode: OTHER_COUNTY },
      { code: OTHER_VILLAGE_B, name: '老街街道 前进村', parentCode: OTHER_TOWNSHIP },
    ]);
    const tokens = await projectTokens(t);
    tokens.provinceAuditor = await t.tokenFor('auditor', PROVINCE);
    a = new ProjectDriver(t, tokens);
    b = new ProjectDriver(t, {
      finance: await t.tokenFor('finance', OTHER_COUNTY),
      program: await t.tokenFor('program', OTHER_COUNTY),
      township: await t.tokenFor('township', OTHER_TOWNSHIP),
      village: await t.tokenFor('village', OTHER_VILLAGE_B),
      auditor: await t.tokenFor('auditor', OTHER_COUNTY),
    });

    // County A: 1000 received, 500 paid by 05-20 and all of it by 06-01.
    const fa = (await fundIn(a, COUNTY, '1000.00', '2024-01-10')).id;
    const pa = await a.projectFunded([{ fundId: fa, amount: '1000.00' }]);
    await a.pay(pa, { amount: '500.00', paidOn: '2024-05-20' });
    await a.pay(pa, { amount: '500.00', paidOn: '2024-06-01' });
    // County B: 1000 received, 899.99 paid on 06-01 and the last 0.01 on 06-05.
    const fb = (await fundIn(b, OTHER_COUNTY, '1000.00', '2024-01-10')).id;
    const pb = await b.projectFunded([{ fundId: fb, amount: '1000.00' }], { over: { regionCode: OTHER_VILLAGE_B } });
    await b.pay(pb, { amount: '899.99', paidOn: '2024-06-01' });
    await b.pay(pb, { amount: '0.01', paidOn: '2024-06-05' });
    // Idle from 2025-06-06 on; issued after the dates the spending tests look at.
    await fundIn(b, OTHER_COUNTY, '10.00', '2024-06-06');
  });
  afterAll(() => t.close());

  describe('slow_spending (floor AUDIT_SPENDING_MIN_PERCENT, AUDIT_SPENDING_BELOW_AVERAGE_POINTS below mean)', () => {
    const spending = (asOf: string) =>
      findingsOf(a, 'slow_spending', asOf, { who: 'provinceAuditor', regionCode: PROVINCE });

    it('exactly at the floor is quiet; below the floor and the average is high', async () => {
      const items = await spending('2024-05-25');
      expect(items.map((f) => [f.subject.id, f.severity, f.amount])).toEqual([[OTHER_COUNTY, 'high', '1000.00']]);
    });

    it('above the floor but more than the points under the counties’ average is medium; at it, quiet', async () => {
      const [f, ...rest] = await spending('2024-06-04');
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ subject: { id: OTHER_COUNTY }, severity: 'medium', amount: '100.01' });
      expect(f.detail).toContain('平均');
      expect(await spending('2024-06-05')).toEqual([]);
    });

    it('a county auditor sees its own county only', async () => {
      expect(await findingsOf(a, 'slow_spending', '2024-05-25')).toEqual([]);
      expect(
        (await findingsOf(b, 'slow_spending', '2024-05-25', { regionCode: OTHER_COUNTY })).map((f) => f.subject.id),
      ).toEqual([OTHER_COUNTY]);
    });
  });

  describe('payee_concentration (AUDIT_PAYEE_CONCENTRATION_PERCENT 30, at least 3 payees)', () => {
    beforeAll(async () => {
      // Issued after the dates the spending tests look at.
      const fund = (await fundIn(a, COUNTY, '2000.00', '2024-06-06')).id;
      const id = await a.apply();
      await a.review(id);
      await a.approve(id, [{ fundId: fund, amount: '1000.00' }], '2024-06-10');
      await a.start(id, '2024-06-21');
      const payee = (name: string) => ({ name, type: 'contractor' });
      await a.pay(id, { amount: '600.00', paidOn: '2024-07-10', payee: payee('乙建材商行') });
      await a.pay(id, { amount: '400.00', paidOn: '2024-07-15', payee: payee('丙农机合作社') });
    });

    it('is quiet with two payees; with three, the one over 30% fires and the one at exactly 30% does not', async () => {
      expect(await findingsOf(a, 'payee_concentration', '2024-07-12')).toEqual([]);
      const items = await findingsOf(a, 'payee_concentration', '2024-07-15');
      expect(items.map((f) => [f.subject.name, f.amount])).toEqual([['河南中原建设工程有限公司', '1000.00']]);
      expect(items[0].detail).toContain('50.0%');
      expect(items[0].evidence.length).toBe(2);
    });
  });

  describe('book_fails_verification', () => {
    it('a book whose head does not match its chain is a critical finding of its county only', async () => {
      const [{ head_hash }] = await t.db.query(`SELECT head_hash FROM journal_book WHERE code = $1`, [OTHER_COUNTY]);
      expect(await findingsOf(b, 'book_fails_verification', '2024-12-31', { regionCode: OTHER_COUNTY })).toEqual([]);
      await t.db.query(`UPDATE journal_book SET head_hash = $2 WHERE code = $1`, [OTHER_COUNTY, Buffer.alloc(32, 7)]);
      try {
        const [f, ...rest] = await findingsOf(b, 'book_fails_verification', '2024-12-31', { regionCode: OTHER_COUNTY });
        expect(rest).toEqual([]);
        expect(f).toMatchObject({ severity: 'critical', subject: { type: 'book', id: OTHER_COUNTY, name: '源汇区' } });
        expect(f.evidence[0].book).toBe(OTHER_COUNTY);
        expect(await findingsOf(a, 'book_fails_verification', '2024-12-31')).toEqual([]);
      } finally {
        await t.db.query(`UPDATE journal_book SET head_hash = $2 WHERE code = $1`, [OTHER_COUNTY, head_hash]);
      }
      expect(await findingsOf(b, 'book_fails_verification', '2024-12-31', { regionCode: OTHER_COUNTY })).toEqual([]);
    });
  });

  describe('the list', () => {
    it('is sorted by severity, then amount; filters by rule and severity', async () => {
      const all: FindingItem[] = (await get('provinceAuditor', `regionCode=${PROVINCE}&asOf=2025-06-30`).expect(200))
        .body.items;
      expect(all.length).toBeGreaterThan(2);
      const fen = (f: FindingItem) => (f.amount === undefined ? -1 : Math.round(Number(f.amount) * 100));
      for (let i = 1; i < all.length; i++) {
        const [p, c] = [all[i - 1], all[i]];
        const order = SEVERITIES.indexOf(p.severity as never) - SEVERITIES.indexOf(c.severity as never);
        expect(order < 0 || (order === 0 && fen(p) >= fen(c))).toBe(true);
      }
      const medium = (await get('provinceAuditor', `regionCode=${PROVINCE}&asOf=2025-06-30&severity=medium`)).body
        .items as FindingItem[];
      expect(medium.length).toBe(all.filter((f) => f.severity === 'medium').length);
      expect(medium.every((f) => f.severity === 'medium')).toBe(true);
      const idle = (await get('provinceAuditor', `regionCode=${PROVINCE}&asOf=2025-06-30&rule=idle_funds`)).body.items;
      expect(idle.length).toBe(all.filter((f) => f.rule === 'idle_funds').length);
      expect(idle.length).toBeGreaterThan(0);
    });

    it('a county auditor, by default for its county, sees nothing of the other county', async () => {
      const mine: FindingItem[] = (await get('auditor', 'asOf=2025-06-30').expect(200)).body.items;
      const theirs: FindingItem[] = (await get('auditor', 'asOf=2025-06-30', b).expect(200)).body.items;
      expect(mine.length).toBeGreaterThan(0);
      expect(theirs.length).toBeGreaterThan(0);
      const books = (items: FindingItem[]) => new Set(items.flatMap((f) => f.evidence.map((e) => e.book)));
      expect([...books(mine)]).toEqual([COUNTY]);
      expect([...books(theirs)]).toEqual([OTHER_COUNTY]);
    });

    it('downloads as 审计疑点清单.xlsx: one row per finding, Chinese rule names, amounts as numbers', async () => {
      const query = `regionCode=${PROVINCE}&asOf=2025-06-30`;
      const items: FindingItem[] = (await get('provinceAuditor', query)).body.items;
      const res = await t
        .http()
        .get(`/api/v1/audit/findings.xlsx?${query}`)
        .set(a.as('provinceAuditor'))
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = await readXlsx(res.body as Buffer);
      const ws = wb.getWorksheet('审计疑点清单')!;
      const headers = (ws.getRow(1).values as unknown[]).slice(1);
      expect(headers).toEqual(
        expect.arrayContaining(['疑点类型', '对象名称', '金额(元)', '疑点说明', '证据(账本/序号)']),
      );
      expect(ws.rowCount).toBe(items.length + 1);
      const col = (h: string) => headers.indexOf(h) + 1;
      items.forEach((f, i) => {
        const row = ws.getRow(i + 2);
        expect(row.getCell(col('疑点类型')).value).toBe(RULES[f.rule as keyof typeof RULES]);
        expect(row.getCell(col('疑点说明')).value).toBe(f.detail);
        expect(row.getCell(col('证据(账本/序号)')).value).toBe(f.evidence.map((e) => `${e.book}/${e.seq}`).join('、'));
        const money = row.getCell(col('金额(元)'));
        expect(money.value).toBe(f.amount === undefined ? null : Number(f.amount));
        expect(money.numFmt).toBe('#,##0.00');
      });
    });
  });

  describe('bad input and scope', () => {
    it('400 on an unknown rule or severity, a bad or future asOf, an unknown field — and nothing changes', async () => {
      const before = await tableCounts(t.db);
      for (const q of ['rule=nope', 'severity=urgent', 'asOf=2024-02-30', 'asOf=2999-01-01', 'asOf=20240101', 'x=1']) {
        for (const path of ['findings', 'findings.xlsx']) {
          const res = await t.http().get(`/api/v1/audit/${path}?${q}`).set(a.as('auditor'));
          expect([path, q, res.status, res.body.code]).toEqual([path, q, 400, 'VALIDATION_FAILED']);
        }
      }
      expect(await tableCounts(t.db)).toEqual(before);
    });

    it('403 outside the caller’s region (findings and xlsx) and for roles that do not audit', async () => {
      for (const path of ['findings', 'findings.xlsx']) {
        const res = await t.http().get(`/api/v1/audit/${path}?regionCode=${OTHER_COUNTY}`).set(a.as('auditor'));
        expect([res.status, res.body.code]).toEqual([403, 'OUT_OF_SCOPE']);
      }
      const village = await get('village', `regionCode=${VILLAGE}`);
      expect([village.status, village.body.code]).toEqual([403, 'FORBIDDEN']);
      const finance = await get('finance', 'asOf=2025-06-30&rule=idle_funds');
      expect(finance.status).toBe(200);
    });
  });
});
