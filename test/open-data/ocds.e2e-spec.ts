import { existsSync } from 'node:fs';
import { fenToYuan, yuanToFen } from '../../src/common/money';
import { loadDemoYear } from '../../src/demo/demo-year';
import { OCDS_ENTRY_TYPES } from '../../src/open-data/ocds/release-mapping';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';
import {
  errorsOf,
  ocdsValidators,
  REPO_DIR,
  SCHEMA_FILES,
  schemaBytes,
  SHARED_DIR,
  OcdsValidators,
} from './ocds-schemas';

const COUNTY = '411103000000';

interface Tx {
  id: string;
  value: { amount: number; currency: string };
  payee?: { id: string; name: string };
}
type Release = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const transactionsOf = (r: Release): Tx[] =>
  (r.contracts ?? []).flatMap((c: Release) => (c.implementation?.transactions ?? []) as Tx[]);
/** A JSON number amount back to fen, through its text (how a reader of the JSON gets it). */
const fenOf = (amount: number): bigint => yuanToFen(amount.toFixed(2));

describe('open data: OCDS 1.1.5', () => {
  let t: TestApp;
  let v: OcdsValidators;
  let publicIds: string[];
  let hiddenIds: string[];

  const journalPaid = async (projectId: string): Promise<bigint> => {
    const [{ s }] = await t.db.query(
      `SELECT COALESCE(SUM(p.amount), 0)::text AS s FROM journal_posting p
         JOIN journal_entry e ON e.book = p.book AND e.seq = p.seq
        WHERE e.subjects @> ARRAY['project:' || $1] AND p.account LIKE 'payee:%'`,
      [projectId],
    );
    return BigInt(s);
  };

  beforeAll(async () => {
    t = await createTestApp();
    await loadDemoYear(t.app);
    v = ocdsValidators();
    const rows: Array<{ id: string; approved: boolean }> = await t.db.query(
      `SELECT id, approved_on IS NOT NULL AS approved FROM project ORDER BY id`,
    );
    publicIds = rows.filter((r) => r.approved).map((r) => r.id);
    hiddenIds = rows.filter((r) => !r.approved).map((r) => r.id);
    // A progress payment to a contractor reversed, so that a reversal release is in the data.
    const [pay] = await t.db.query(
      `SELECT book, entry_seq::int AS seq FROM disbursement
        WHERE payee_type = 'contractor' AND NOT settles AND kind = 'progress' ORDER BY entry_seq LIMIT 1`,
    );
    const finance = await t.tokenFor('finance', COUNTY);
    await t
      .http()
      .post(`/api/v1/entries/${pay.book}/${pay.seq}/reverse`)
      .set('Authorization', `Bearer ${finance}`)
      .send({ reason: '凭证号录入错误', reversedOn: '2026-09-30' })
      .expect(201);
  }, 180_000);
  afterAll(() => t?.close());

  it('reads the official schemas from ../shared when it is there, and the in-repo copies are identical', () => {
    if (existsSync(SHARED_DIR))
      for (const f of SCHEMA_FILES) expect(schemaBytes(REPO_DIR, f).equals(schemaBytes(SHARED_DIR, f))).toBe(true);
    // The copies alone validate too (a clean clone without ../shared).
    expect(typeof ocdsValidators(REPO_DIR).recordPackage).toBe('function');
  });

  it('gives every approved project a valid record: a release per entry, the payments as transactions', async () => {
    expect(publicIds.length).toBeGreaterThan(10);
    let reversals = 0;
    for (const id of publicIds) {
      const { body } = await t.http().get(`/api/v1/open-data/ocds/records/${id}`).expect(200);
      expect({ id, errors: v.recordPackage(body) ? [] : errorsOf(v.recordPackage) }).toEqual({ id, errors: [] });
      const [record] = body.records;
      expect(record.ocid).toBe(`ocds-000000-${id}`);
      const entries: Array<{ book: string; seq: string }> = await t.db.query(
        `SELECT book, seq::text FROM journal_entry WHERE subjects @> ARRAY['project:' || $1] AND type = ANY($2)
          ORDER BY seq`,
        [id, OCDS_ENTRY_TYPES],
      );
      expect(record.releases.map((r: Release) => r.id)).toEqual(entries.map((e) => `${e.book}-${e.seq}`));
      const compiled = record.compiledRelease;
      expect(compiled.tag).toEqual(['compiled']);
      const txs = transactionsOf(compiled);
      const paid = txs.reduce((sum, x) => sum + fenOf(x.value.amount), 0n);
      expect(fenToYuan(paid)).toBe(fenToYuan(await journalPaid(id)));
      // And as the payments projection has them (a reversed payment counts nothing).
      const [{ s }] = await t.db.query(
        `SELECT COALESCE(SUM(amount), 0)::text AS s FROM disbursement WHERE project_id = $1 AND reversed_seq IS NULL`,
        [id],
      );
      expect(fenToYuan(paid)).toBe(fenToYuan(BigInt(s)));
      if (txs.some((x) => x.value.amount < 0)) reversals++;
      expect(txs.every((x) => x.value.currency === 'CNY')).toBe(true);
    }
    expect(reversals).toBe(1);
  });

  it('shows the budget per fund document (文号) on approval, and the contractor as supplier and payee', async () => {
    const [p] = await t.db.query(
      `SELECT id, contractor, contract_amount::text AS amount FROM project WHERE status = 'settled'
          AND contractor IS NOT NULL LIMIT 1`,
    );
    const { body } = await t.http().get(`/api/v1/open-data/ocds/records/${p.id}`).expect(200);
    const compiled = body.records[0].compiledRelease;
    const funds: Array<{ doc_no: string; committed: string }> = await t.db.query(
      `SELECT f.doc_no, pf.committed::text FROM project_funding pf JOIN fund f ON f.id = pf.fund_id
        WHERE pf.project_id = $1 ORDER BY pf.position`,
      [p.id],
    );
    expect(compiled.planning.budget.budgetBreakdown.map((b: Release) => [b.id, fenOf(b.amount.amount)])).toEqual(
      funds.map((f) => [f.doc_no, BigInt(f.committed)]),
    );
    expect(fenOf(compiled.contracts[0].value.amount)).toBe(BigInt(p.amount));
    const contractor = compiled.parties.find((x: Release) => x.name === p.contractor);
    expect(contractor.roles.sort()).toEqual(['payee', 'supplier']);
    expect(compiled.awards[0].suppliers[0].id).toBe(contractor.id);
    expect(compiled.contracts[0].status).toBe('terminated');
  });

  it('keeps applied, reviewed and rejected projects private', async () => {
    expect(hiddenIds.length).toBeGreaterThan(0);
    for (const id of hiddenIds) await t.http().get(`/api/v1/open-data/ocds/records/${id}`).expect(404);
    const { body } = await t
      .http()
      .get(`/api/v1/open-data/ocds/releases?regionCode=${COUNTY}&from=2026-01-01&to=2026-12-31`)
      .expect(200);
    const ocids = new Set(body.releases.map((r: Release) => r.ocid));
    expect(ocids).toEqual(new Set(publicIds.map((id) => `ocds-000000-${id}`)));
  });

  it('streams a valid release package of a region: one release per entry of the public projects', async () => {
    const res = await t
      .http()
      .get(`/api/v1/open-data/ocds/releases?regionCode=410000000000&from=2026-01-01&to=2026-12-31`)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect({ errors: v.releasePackage(res.body) ? [] : errorsOf(v.releasePackage) }).toEqual({ errors: [] });
    // The validator bites: an amount as a string, or a tag outside the closed codelist, is refused.
    const [first] = res.body.releases;
    const broken = { ...first, tag: ['paid'] };
    expect(v.releasePackage({ ...res.body, releases: [broken] })).toBe(false);
    const payment = res.body.releases.find((r: Release) => transactionsOf(r).length);
    const text = JSON.stringify(payment).replace(/"amount":(-?[\d.]+)/, '"amount":"$1"');
    expect(v.releasePackage({ ...res.body, releases: [JSON.parse(text)] })).toBe(false);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM journal_entry e JOIN project p
           ON e.subjects @> ARRAY['project:' || p.id::text] AND p.approved_on IS NOT NULL
        WHERE e.type = ANY($1) AND e.occurred_on BETWEEN '2026-01-01' AND '2026-12-31'`,
      [OCDS_ENTRY_TYPES],
    );
    expect(res.body.releases).toHaveLength(n);
    // The period filters on the entries' effective dates.
    const summer = await t
      .http()
      .get(`/api/v1/open-data/ocds/releases?regionCode=${COUNTY}&from=2026-06-01&to=2026-06-30`)
      .expect(200);
    expect(summer.body.releases.length).toBeGreaterThan(0);
    expect(summer.body.releases.length).toBeLessThan(n);
  });

  it('never names a household, nor shows an ID, phone or bank account number', async () => {
    const households: Array<{ head_name: string }> = await t.db.query(`SELECT head_name FROM household`);
    const accounts: Array<{ account_no: string }> = await t.db.query(
      `SELECT account_no FROM disbursement_payee_account`,
    );
    expect(households.length).toBeGreaterThan(50);
    expect(accounts.length).toBeGreaterThan(0);
    const { text } = await t
      .http()
      .get(`/api/v1/open-data/ocds/releases?regionCode=${COUNTY}&from=2026-01-01&to=2026-12-31`)
      .expect(200);
    for (const h of households) expect(text.includes(h.head_name)).toBe(false);
    for (const a of accounts) expect(text.includes(a.account_no)).toBe(false);
    expect(text).not.toMatch(/\d{17}[\dXx]/);
    expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    // The household subsidy projects' payments are there, without a payee.
    const [{ project_id }] = await t.db.query(
      `SELECT project_id FROM disbursement WHERE payee_type = 'household' LIMIT 1`,
    );
    const { body } = await t.http().get(`/api/v1/open-data/ocds/records/${project_id}`).expect(200);
    const txs = transactionsOf(body.records[0].compiledRelease);
    expect(txs.length).toBeGreaterThan(0);
    expect(txs.every((x) => x.payee === undefined)).toBe(true);
    expect(body.records[0].compiledRelease.parties.every((x: Release) => !x.roles.includes('payee'))).toBe(true);
  });

  it('refuses bad input with a 4xx and writes nothing', async () => {
    const before = await tableCounts(t.db);
    const get = (url: string) => t.http().get(`/api/v1/open-data/ocds/${url}`);
    expect((await get('releases?from=2026-01-01&to=2026-12-31').expect(400)).body.code).toBe('VALIDATION_FAILED');
    const long = await get(`releases?regionCode=${COUNTY}&from=2016-12-31&to=2026-12-31`).expect(400);
    expect(long.body.message).toMatch(/10 years/);
    await get(`releases?regionCode=${COUNTY}&from=2017-01-01&to=2026-12-31`).expect(200);
    await get(`releases?regionCode=${COUNTY}&from=2026-12-31&to=2026-01-01`).expect(400);
    await get(`releases?regionCode=${COUNTY}&from=2026-02-30`).expect(400);
    await get(`releases?regionCode=411199000000&from=2026-01-01&to=2026-12-31`).expect(404);
    await get(`releases?regionCode=${COUNTY}&from=2020-01-01&to=2020-12-31`).expect(404);
    await get('records/not-a-uuid').expect(400);
    await get('records/00000000-0000-4000-8000-000000000000').expect(404);
    expect(await tableCounts(t.db)).toEqual(before);
  });
});
