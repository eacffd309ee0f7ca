import { binary, readXlsx } from '../excel/xlsx-fixtures';
import { COUNTY, PROVINCE } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { ACCOUNT_NO, buildTraceWorld, directTotals, fen, TraceWorld } from './trace-fixtures';

interface Node {
  fundId: string;
  regionCode: string;
  docNo: string;
  totals: Record<string, string> & { balanced: boolean };
  passedDownShown: string;
  children: Node[];
  projects: Array<{
    projectId: string;
    committed: string;
    paid: string;
    reversed: string;
    unpaid: string;
    payments: Array<Record<string, unknown>>;
    assets: Array<Record<string, unknown>>;
  }>;
}

const nodesOf = (n: Node): Node[] => [n, ...n.children.flatMap(nodesOf)];

describe('audit trace (资金追溯)', () => {
  let t: TestApp;
  let w: TraceWorld;
  const bodies: unknown[] = [];
  const get = async (who: string, url: string, status = 200) => {
    const res = await t.http().get(url).set(w.d.as(who));
    if (res.status !== status) throw new Error(`GET ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    bodies.push(res.body);
    return res.body;
  };
  const forward = (who: string, id: string, query = '') => get(who, `/api/v1/audit/trace/funds/${id}${query}`);

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildTraceWorld(t);
  }, 120_000);
  afterAll(() => t.close());

  /** Every node against a direct SUM over journal_posting, the identity at every node, and Σ children = passed down. */
  async function checkTree(root: Node, asOf?: string, pruned = false) {
    for (const n of nodesOf(root)) {
      const direct = await directTotals(t.db, n.fundId, asOf);
      const got = Object.fromEntries(Object.keys(direct).map((k) => [k, fen(n.totals[k])]));
      expect(got).toEqual(direct);
      expect(fen(n.totals.committed)).toBe(direct.committedUnpaid + direct.paid);
      expect(direct.received).toBe(direct.passedDown + direct.available + direct.committedUnpaid + direct.paid);
      expect(n.totals.balanced).toBe(true);
      const shown = n.children.reduce((s, c) => s + fen(c.totals.received), 0n);
      expect(fen(n.passedDownShown)).toBe(shown);
      if (!pruned) expect(shown).toBe(direct.passedDown);
      for (const p of n.projects) {
        expect(fen(p.committed)).toBe(fen(p.paid) + fen(p.unpaid));
        expect(p.payments.reduce((s, x) => s + fen(x.amount as string), 0n)).toBe(fen(p.paid));
      }
      expect(n.projects.reduce((s, p) => s + fen(p.paid), 0n)).toBe(direct.paid);
      expect(n.projects.reduce((s, p) => s + fen(p.unpaid), 0n)).toBe(direct.committedUnpaid);
    }
  }

  it('traces the central fund down through city and both counties, every node adding up to the fen', async () => {
    const trace = await forward('provinceAuditor', w.root);
    expect(trace.balanced).toBe(true);
    const root: Node = trace.root;
    expect(root.regionCode).toBe(PROVINCE);
    expect(root.children.map((c) => c.fundId)).toEqual([w.city]);
    expect(root.children[0].children.map((c) => c.fundId).sort()).toEqual([w.county, w.otherCounty].sort());
    await checkTree(root);
    const county = nodesOf(root).find((n) => n.fundId === w.county)!;
    expect(county.totals).toMatchObject({ received: '400000.00', reversed: '20000.00' });
    const p1 = county.projects.find((p) => p.projectId === w.p1)!;
    expect(p1).toMatchObject({ committed: '50000.00', paid: '50000.00', reversed: '20000.00', unpaid: '0.00' });
    expect(p1.payments).toHaveLength(3);
    expect(p1.payments.find((p) => p.seq === w.firstPayment.entrySeq)).toMatchObject({
      disbursementId: w.firstPayment.id,
      kind: 'progress',
      payeeName: '河南中原建设工程有限公司',
      payeeType: 'contractor',
      accountMasked: '************5678',
      book: COUNTY,
      occurredOn: '2024-04-01',
    });
    const [asset] = p1.assets;
    expect(asset).toMatchObject({ assetId: w.asset, value: '40000.00', attributed: '40000.00', share: '1.0000' });
    expect(asset).toMatchObject({ income: '12000.50', distributed: '5000.00', undistributed: '7000.50' });
  });

  it('gives the tree as it stood at the end of a business day (asOf), from the entries’ dates', async () => {
    const before = (await forward('provinceAuditor', w.root, '?asOf=2024-01-09')).root as Node;
    expect(before.children[0].children).toEqual([]);
    expect(before.children[0].totals.available).toBe('600000.00');
    await checkTree(before, '2024-01-09');
    const first = (await forward('provinceAuditor', w.root, '?asOf=2024-01-05')).root as Node;
    expect(first.children).toEqual([]);
    expect(first.totals).toMatchObject({ received: '1000000.00', available: '1000000.00', passedDown: '0.00' });

    const march = (await forward('provinceAuditor', w.root, '?asOf=2024-03-31')).root as Node;
    const april = (await forward('provinceAuditor', w.root, '?asOf=2024-04-30')).root as Node;
    await checkTree(march, '2024-03-31');
    await checkTree(april, '2024-04-30');
    const paidOf = (r: Node) => nodesOf(r).find((n) => n.fundId === w.county)!.totals.paid;
    expect(paidOf(march)).toBe('0.00');
    // The first payment (04-01) and the household payment was paid from the county's own fund, not this one.
    expect(fen(paidOf(april))).toBe(5_000_000n);
    const may = (await forward('provinceAuditor', w.root, '?asOf=2024-05-01')).root as Node;
    expect(nodesOf(may).find((n) => n.fundId === w.county)!.totals).toMatchObject({
      paid: '70000.00',
      reversed: '0.00',
    });
    await checkTree(may, '2024-05-01');
  });

  it('prunes the tree to the branches leading to one county (regionCode)', async () => {
    const trace = await forward('provinceAuditor', w.root, `?regionCode=${COUNTY}`);
    const city: Node = trace.root.children[0];
    expect(city.children.map((c) => c.fundId)).toEqual([w.county]);
    expect(city.totals.passedDown).toBe('550000.00');
    expect(city.passedDownShown).toBe('400000.00');
    await checkTree(trace.root, undefined, true);
  });

  it('leaves the payment lines out on request, the totals unchanged (payments=false)', async () => {
    const full = (await forward('provinceAuditor', w.root)).root as Node;
    const lean = (await forward('provinceAuditor', w.root, '?payments=false')).root as Node;
    const strip = (n: Node): unknown => ({
      ...n,
      children: n.children.map(strip),
      projects: n.projects.map((p) => ({ ...p, payments: [] })),
    });
    expect(nodesOf(full).some((n) => n.projects.some((p) => p.payments.length > 0))).toBe(true);
    expect(lean).toEqual(strip(full));
    await t.http().get(`/api/v1/audit/trace/funds/${w.root}?payments=no`).set(w.d.as('provinceAuditor')).expect(400);
  });

  it('traces a county fund from the county auditor; the county’s own fund too', async () => {
    const own = (await forward('auditor', w.countyOwn)).root as Node;
    await checkTree(own);
    expect(own.projects.map((p) => p.projectId)).toEqual([w.p2]);
  });

  it('traces an asset back to the central document, the attribution summing to its value', async () => {
    const a = await get('auditor', `/api/v1/audit/trace/assets/${w.asset}`);
    expect(a.funds.reduce((s: bigint, f: { amount: string }) => s + fen(f.amount), 0n)).toBe(fen(a.value));
    const stored: Array<{ fund_id: string; amount: string }> = await t.db.query(
      `SELECT fund_id, amount::text FROM asset_funding WHERE asset_id = $1`,
      [w.asset],
    );
    expect(a.funds.map((f: { fundId: string; amount: string }) => [f.fundId, fen(f.amount)])).toEqual(
      stored.map((s) => [s.fund_id, BigInt(s.amount)]),
    );
    expect(a.funds[0].chain.map((l: { fundId: string }) => l.fundId)).toEqual([w.county, w.city, w.root]);
    expect(a.funds[0].top).toMatchObject({ docNo: '财农〔2024〕1号', sourceLevel: 'central', regionCode: PROVINCE });
    expect(a.bySourceLevel).toEqual([{ sourceLevel: 'central', amount: '40000.00' }]);
    expect(a).toMatchObject({ income: '12000.50', distributed: '5000.00', undistributed: '7000.50' });
    const moved = (type: string) =>
      a.movements.filter((m: { type: string }) => m.type === type).map((m: { amount: string }) => m.amount);
    expect(moved('income')).toEqual(['12000.50']);
    expect(moved('household')).toEqual(['3000.00']);
    expect(moved('collective')).toEqual(['2000.00']);
    expect(a.movements.find((m: { type: string }) => m.type === 'household').householdId).toBe(w.household);
  });

  it('traces a project back per fund: committed, paid, reversed, summing to the payee postings', async () => {
    for (const id of [w.p1, w.p2]) {
      const p = await get('auditor', `/api/v1/audit/trace/projects/${id}`);
      const paid: Array<{ fund_id: string; total: string }> = await t.db.query(
        `SELECT fund_id, sum(amount)::text AS total FROM journal_posting
          WHERE account LIKE 'payee:%' AND (book, seq) IN (SELECT book, seq FROM journal_posting WHERE account = $1)
          GROUP BY fund_id`,
        [`project:${id}`],
      );
      for (const f of p.funds) {
        expect(fen(f.paid)).toBe(BigInt(paid.find((r) => r.fund_id === f.fundId)?.total ?? '0'));
        expect(fen(f.committed)).toBe(fen(f.paid) + fen(f.unpaid));
        expect(f.amount).toBe(f.paid);
      }
      expect(p.funds.reduce((s: bigint, f: { paid: string }) => s + fen(f.paid), 0n)).toBe(fen(p.paid));
    }
    const p2 = await get('auditor', `/api/v1/audit/trace/projects/${w.p2}`);
    expect(p2).toMatchObject({ committed: '12000.00', paid: '12000.00', unpaid: '0.00', status: 'settled' });
    const p1 = await get('auditor', `/api/v1/audit/trace/projects/${w.p1}`);
    expect(p1).toMatchObject({ committed: '50000.00', paid: '50000.00', reversed: '20000.00', unpaid: '0.00' });
    expect(p1.funds[0].top.sourceLevel).toBe('central');
  });

  it('traces a household: every payment by fund and every distribution with the asset’s funds', async () => {
    const h = await get('auditor', `/api/v1/audit/trace/households/${w.household}`);
    const [direct]: Array<{ total: string }> = await t.db.query(
      `SELECT sum(amount)::text AS total FROM journal_posting WHERE account = $1`,
      [`payee:household.${w.household}`],
    );
    expect(fen(h.paid) + fen(h.distributed)).toBe(BigInt(direct.total));
    expect(h).toMatchObject({ paid: '1000.00', distributed: '3000.00' });
    expect(h.byFund).toEqual([expect.objectContaining({ fundId: w.countyOwn, amount: '1000.00' })]);
    expect(h.payments[0]).toMatchObject({ projectId: w.p2, kind: 'household', seq: w.householdPayment.entrySeq });
    expect(h.distributions[0]).toMatchObject({ assetId: w.asset, amount: '3000.00' });
    expect(h.distributions[0].assetFunds[0].top.docNo).toBe('财农〔2024〕1号');
    expect(h.idNumberMasked).not.toMatch(/^\d{17}[\dX]$/);
  });

  it('traces a payment entry, its reversal and a disbursement to the fund documents', async () => {
    const e = await get('auditor', `/api/v1/audit/trace/entries/${COUNTY}/${w.firstPayment.entrySeq}`);
    expect(e.paidByFund).toEqual([expect.objectContaining({ fundId: w.county, amount: '50000.00' })]);
    expect(e.disbursement).toMatchObject({ id: w.firstPayment.id, accountMasked: '************5678' });
    const sum = e.postings.reduce((s: bigint, p: { amount: string }) => s + fen(p.amount), 0n);
    expect(sum).toBe(0n);
    const r = await get('auditor', `/api/v1/audit/trace/entries/${COUNTY}/${w.reversalSeq}`);
    expect(r.reversesSeq).toBe(w.reversedPayment.entrySeq);
    expect(r.paidByFund).toEqual([expect.objectContaining({ fundId: w.county, amount: '-20000.00' })]);
    const d = await get('auditor', `/api/v1/audit/trace/disbursements/${w.householdPayment.id}`);
    expect(d.paidByFund.map((f: { top: { sourceLevel: string } }) => f.top.sourceLevel)).toEqual(['county']);
    expect(d.paidByFund.reduce((s: bigint, f: { amount: string }) => s + fen(f.amount), 0n)).toBe(
      fen(d.disbursement.amount),
    );
    const dist = await get('auditor', `/api/v1/audit/trace/entries/${COUNTY}/${w.distributionSeq}`);
    expect(dist.postings.every((p: { asset: { assetId: string } }) => p.asset.assetId === w.asset)).toBe(true);
  });

  it('downloads the trace as .xlsx: a sheet per level, 文号 and book/seq columns, totals rows', async () => {
    const res = await t
      .http()
      .get(`/api/v1/audit/trace/funds/${w.root}.xlsx`)
      .set(w.d.as('provinceAuditor'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const wb = await readXlsx(res.body as Buffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['省级', '市级', '县级', '支付明细']);
    const county = wb.getWorksheet('县级')!;
    const header = (county.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['文号', '账簿', '记账序号', '收到(元)']));
    const last = county.getRow(county.rowCount);
    expect(last.getCell(1).value).toBe('合计');
    const received = header.indexOf('收到(元)') + 1;
    expect(last.getCell(received).value).toBe(550000);
    expect(county.getRow(2).getCell(received).numFmt).toBe('#,##0.00');
    const pay = wb.getWorksheet('支付明细')!;
    const trace = (await forward('provinceAuditor', w.root)).root as Node;
    const paid = nodesOf(trace).reduce((s, n) => s + fen(n.totals.paid), 0n);
    expect(pay.getRow(pay.rowCount).getCell(pay.columnCount).value).toBe(Number(paid) / 100);
    const cells = JSON.stringify(pay.getSheetValues());
    expect(cells).toContain('************5678');
    expect(cells).not.toContain(ACCOUNT_NO);
  });

  it('answers 403 out of scope, 404 for unknown ids, 400 for bad dates', async () => {
    const code = async (who: string, url: string, status: number) => {
      const res = await t.http().get(url).set(w.d.as(who));
      expect([url, res.status]).toEqual([url, status]);
      return res.body.code ?? res.body.error?.code;
    };
    const tr = '/api/v1/audit/trace';
    expect(await code('auditor', `${tr}/funds/${w.root}`, 403)).toBe('OUT_OF_SCOPE');
    expect(await code('otherAuditor', `${tr}/funds/${w.county}`, 403)).toBe('OUT_OF_SCOPE');
    expect(await code('otherAuditor', `${tr}/funds/${w.county}.xlsx`, 403)).toBe('OUT_OF_SCOPE');
    for (const path of [`assets/${w.asset}`, `projects/${w.p1}`, `households/${w.household}`]) {
      expect(await code('otherAuditor', `${tr}/${path}`, 403)).toBe('OUT_OF_SCOPE');
    }
    expect(await code('otherAuditor', `${tr}/disbursements/${w.firstPayment.id}`, 403)).toBe('OUT_OF_SCOPE');
    expect(await code('otherAuditor', `${tr}/entries/${COUNTY}/1`, 403)).toBe('OUT_OF_SCOPE');
    expect(await code('village', `${tr}/funds/${w.county}`, 403)).toBe('FORBIDDEN');
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const path of ['funds', 'assets', 'projects', 'households', 'disbursements']) {
      expect(await code('provinceAuditor', `${tr}/${path}/${unknown}`, 404)).toBe('NOT_FOUND');
    }
    expect(await code('provinceAuditor', `${tr}/entries/${COUNTY}/999999`, 404)).toBe('NOT_FOUND');
    for (const asOf of ['2024-02-30', '2024-2-3', '2999-01-01']) {
      expect(await code('provinceAuditor', `${tr}/funds/${w.root}?asOf=${asOf}`, 400)).toBe('VALIDATION_FAILED');
    }
    expect(await code('provinceAuditor', `${tr}/funds/${w.root}?regionCode=4111`, 400)).toBe('VALIDATION_FAILED');
    expect(await code('provinceAuditor', `${tr}/funds/${w.root}?unknown=1`, 400)).toBe('VALIDATION_FAILED');
  });

  it('documents the routes and their typed answers in OpenAPI', async () => {
    const docs = (await t.http().get('/docs-json').expect(200)).body;
    const paths = Object.keys(docs.paths).filter((p) => p.startsWith('/api/v1/audit/trace/'));
    expect(paths.sort()).toEqual(
      [
        'assets/{id}',
        'disbursements/{id}',
        'entries/{book}/{seq}',
        'funds/{id}',
        'funds/{id}.xlsx',
        'households/{id}',
        'projects/{id}',
      ].map((p) => `/api/v1/audit/trace/${p}`),
    );
    expect(Object.keys(docs.components.schemas.FundNodeDto.properties)).toEqual(
      expect.arrayContaining(['totals', 'children', 'projects', 'passedDownShown']),
    );
  });

  it('never shows a full bank account number in any answer', () => {
    expect(bodies.length).toBeGreaterThan(10);
    const all = JSON.stringify(bodies);
    expect(all).toContain('************5678');
    expect(all).not.toContain(ACCOUNT_NO);
  });
});
