import JSZip from 'jszip';
import type { Response } from 'superagent';
import { fenToYuan, yuanToFen } from '../../src/common/money';
import { loadDemoYear } from '../../src/demo/demo-year';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';

const COUNTY = '411103000000';

const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** A CSV as written here: RFC 4180 quoting, CRLF line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe('open data: Fiscal Data Package of a county-year', () => {
  let t: TestApp;
  let zip: JSZip;
  let rows: Array<Record<string, string>>;

  const download = async (year: number) => {
    const res = await t
      .http()
      .get(`/api/v1/open-data/fdp/${COUNTY}/${year}.zip`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    return JSZip.loadAsync(res.body as Buffer);
  };
  const transactions = async (z: JSZip) => {
    const [header, ...data] = parseCsv(await z.file('transactions.csv')!.async('string'));
    return data.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
  };
  const total = (of: Array<Record<string, string>>, phase: string) =>
    of.filter((r) => r.phase === phase).reduce((s, r) => s + yuanToFen(r.amount), 0n);
  const sum = (phase: string) => fenToYuan(total(rows, phase));
  const sql = async (query: string, params: unknown[] = []) =>
    fenToYuan(BigInt((await t.db.query(query, params))[0].s ?? 0));

  beforeAll(async () => {
    t = await createTestApp();
    await loadDemoYear(t.app);
    zip = await download(2026);
    rows = await transactions(zip);
  }, 180_000);
  afterAll(() => t?.close());

  it('holds datapackage.json describing exactly the CSVs in the zip, their columns and FDP column types', async () => {
    const descriptor = JSON.parse(await zip.file('datapackage.json')!.async('string'));
    const files = Object.keys(zip.files).filter((f) => f !== 'datapackage.json');
    expect(descriptor.resources.map((r: { path: string }) => r.path).sort()).toEqual(files.sort());
    expect(descriptor.profile).toBe('fiscal-data-package');
    expect(descriptor.fiscalPeriod).toEqual({ start: '2026-01-01', end: '2026-12-31' });
    for (const resource of descriptor.resources) {
      const [header] = parseCsv(await zip.file(resource.path)!.async('string'));
      expect(header).toEqual(resource.schema.fields.map((f: { name: string }) => f.name));
      expect(resource.encoding).toBe('utf-8');
    }
    const types = descriptor.resources[0].schema.fields.map((f: { columnType?: string }) => f.columnType);
    expect(types).toEqual(
      expect.arrayContaining(['value', 'date:fiscal-year', 'transaction-id:budget-code', 'phase:id']),
    );
    // Every 文号 in the transactions is listed in funds.csv.
    const [, ...funds] = parseCsv(await zip.file('funds.csv')!.async('string'));
    expect(new Set(rows.map((r) => r.doc_no))).toEqual(new Set(funds.map((f) => f[0])));
  });

  it('has totals equal to the ledger: allocated, committed and paid', async () => {
    expect(rows.every((r) => /^-?\d+\.\d{2}$/.test(r.amount))).toBe(true);
    // Allocated: what the county's fund documents brought into its pool (journal and fund projection).
    const allocated = sum('allocated');
    expect(allocated).toBe(
      await sql(
        `SELECT SUM(p.amount)::text AS s FROM journal_posting p JOIN journal_entry e USING (book, seq)
          WHERE p.book = $1 AND p.account LIKE 'pool:%' AND e.type LIKE 'fund.%'
            AND p.occurred_on BETWEEN '2026-01-01' AND '2026-12-31'`,
        [COUNTY],
      ),
    );
    expect(allocated).toBe(
      await sql(`SELECT SUM(amount)::text AS s FROM fund WHERE book = $1 AND year = 2026`, [COUNTY]),
    );
    // Committed: net of releases, from the journal for the year …
    expect(sum('committed')).toBe(
      await sql(
        `SELECT (-SUM(p.amount))::text AS s FROM journal_posting p JOIN journal_entry e USING (book, seq)
          WHERE p.book = $1 AND p.account LIKE 'pool:%' AND e.type NOT LIKE 'fund.%'
            AND p.occurred_on BETWEEN '2026-01-01' AND '2026-12-31'`,
        [COUNTY],
      ),
    );
    // … and over both years of the demo (one project was approved in 2025) as the funding lines have it.
    const earlier = total(await transactions(await download(2025)), 'committed');
    expect(earlier).toBeGreaterThan(0n);
    expect(fenToYuan(earlier + total(rows, 'committed'))).toBe(
      await sql(
        `SELECT SUM(committed - released)::text AS s FROM project_funding pf JOIN project p ON p.id = pf.project_id
          WHERE p.book = $1`,
        [COUNTY],
      ),
    );
    // Paid: the fiscal funds' payee postings of the year, and the payments projection. An asset's income
    // distributions also reach payee accounts, but on the asset's own fund: not budget money (docs/assets.md).
    const paid = sum('paid');
    expect(paid).toBe(
      await sql(
        `SELECT SUM(amount)::text AS s FROM journal_posting
          WHERE book = $1 AND account LIKE 'payee:%' AND occurred_on BETWEEN '2026-01-01' AND '2026-12-31'
            AND fund_id IN (SELECT id FROM fund)`,
        [COUNTY],
      ),
    );
    expect(paid).toBe(
      await sql(
        `SELECT SUM(amount)::text AS s FROM disbursement
          WHERE book = $1 AND reversed_seq IS NULL AND paid_on BETWEEN '2026-01-01' AND '2026-12-31'`,
        [COUNTY],
      ),
    );
    expect(yuanToFen(paid)).toBeGreaterThan(0n);
  });

  it('names organisations as recipients, never households', async () => {
    const paid = rows.filter((r) => r.phase === 'paid');
    const households = paid.filter((r) => r.recipient_type === 'household');
    expect(households.length).toBeGreaterThan(0);
    expect(households.every((r) => r.recipient_name === '')).toBe(true);
    expect(paid.filter((r) => r.recipient_type === 'contractor').every((r) => r.recipient_name !== '')).toBe(true);
    const names: Array<{ head_name: string }> = await t.db.query(`SELECT head_name FROM household`);
    const all = await Promise.all(Object.values(zip.files).map((f) => f.async('string')));
    for (const { head_name } of names) expect(all.some((text) => text.includes(head_name))).toBe(false);
  });

  it('answers bad input with a 4xx and writes nothing', async () => {
    const before = await tableCounts(t.db);
    const get = (path: string) => t.http().get(`/api/v1/open-data/fdp/${path}`);
    expect((await get(`${COUNTY}/20x6.zip`).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await get(`${COUNTY}/1999.zip`).expect(400);
    await get(`411100000000/2026.zip`).expect(400);
    await get(`41110300000/2026.zip`).expect(400);
    await get(`411199000000/2026.zip`).expect(404);
    expect(await tableCounts(t.db)).toEqual(before);
  });
});
