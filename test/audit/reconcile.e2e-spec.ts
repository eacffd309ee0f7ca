import { COUNTY, PROVINCE, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { acceptedProject, household, operatingAsset } from '../assets/asset-fixtures';
import { findingsOf, fundDownToCounty } from './audit-fixtures';

interface Identity {
  name: string;
  subject: { type: string; id: string; name: string };
  left: { label: string; amount: string };
  right: { label: string; amount: string };
  ok: boolean;
  evidence: Array<{ book: string; seq: number }>;
}

describe('audit: reconciliation from the postings against the projection tables', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let fundId: string;
  let projectId: string;
  let assetId: string;
  const reconcile = async (regionCode = COUNTY, query = '') =>
    d.get('auditor', `/api/v1/audit/reconcile?regionCode=${regionCode}${query}`);
  const failed = async () => ((await reconcile()).identities as Identity[]).filter((i) => !i.ok);
  /** Runs `sql` on a projection row, then puts it back with `undo`. */
  const drift = async (
    sql: string,
    undo: string,
    params: unknown[],
    check: (failures: Identity[]) => void | Promise<void>,
  ) => {
    await t.db.query(sql, params);
    try {
      await check(await failed());
    } finally {
      await t.db.query(undo, params);
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    const tokens = await projectTokens(t);
    tokens.provinceAuditor = await t.tokenFor('auditor', PROVINCE);
    d = new ProjectDriver(t, tokens);
    fundId = await fundDownToCounty(d, '50000.00');
    const countyFund = await d.countyFund('30000.00');
    projectId = await acceptedProject(d, [
      { fundId, amount: '20000.00', committed: '25000.00' },
      { fundId: countyFund, amount: '10000.00' },
    ]);
    // A reversed payment: not paid, on either side.
    const extra = await d.projectFunded([{ fundId: countyFund, amount: '5000.00' }]);
    const paid = await d.pay(extra, { amount: '1000.00', paidOn: '2024-04-01' });
    await d.post(
      'finance',
      `/api/v1/entries/${COUNTY}/${paid.entrySeq}/reverse`,
      {
        reason: '重复支付',
        reversedOn: '2024-04-02',
      },
      201,
    );
    const asset = await d.post(
      'program',
      `/api/v1/projects/${projectId}/assets`,
      operatingAsset({ value: '24000.00' }),
      201,
    );
    assetId = asset.id;
    const h = await household(d, 1, 'none');
    await d.post(
      'village',
      `/api/v1/assets/${assetId}/income`,
      {
        amount: '3000.00',
        receivedOn: '2025-03-31',
        period: '2025-Q1',
        source: '电费结算',
      },
      201,
    );
    await d.post(
      'village',
      `/api/v1/assets/${assetId}/distributions`,
      {
        distributedOn: '2025-04-10',
        items: [
          { householdId: h, amount: '1000.00' },
          { purpose: 'collective', amount: '500.00' },
        ],
      },
      201,
    );
  });
  afterAll(() => t.close());

  it('every identity holds on a real history, with both sides equal to sums of the postings', async () => {
    const body = await reconcile();
    expect(body).toMatchObject({ regionCode: COUNTY, year: null, ok: true, failed: 0 });
    const ids = body.identities as Identity[];
    expect(body.checked).toBe(ids.length);
    const names = new Set(ids.map((i) => i.name));
    for (const name of [
      'fund_issued',
      'project_committed',
      'project_paid',
      'payments_total',
      'asset_value',
      'asset_income',
      'asset_distributed',
      'fund_postings_zero',
      'entries_balanced',
    ])
      expect(names).toContain(name);
    expect(ids.every((i) => i.ok)).toBe(true);
    // The child fund: 50000 issued, 25000 committed → 25000 left; paid 20000.
    const issued = ids.find((i) => i.name === 'fund_issued' && i.subject.id === fundId)!;
    expect([issued.left.amount, issued.right.amount]).toEqual(['50000.00', '50000.00']);
    const [{ pool }] = await t.db.query(
      `SELECT sum(amount)::text AS pool FROM journal_posting WHERE fund_id = $1 AND account = $2`,
      [fundId, `pool:${COUNTY}`],
    );
    expect(issued.right.label).toContain(`结余 ${(Number(pool) / 100).toFixed(2)}`);
    const paid = ids.find(
      (i) => i.name === 'project_paid' && i.subject.id === projectId && i.left.label.includes(fundId),
    )!;
    expect(paid.right.amount).toBe('20000.00');
    const income = ids.find((i) => i.name === 'asset_income' && i.subject.id === assetId)!;
    expect([income.left.amount, income.right.amount]).toEqual(['3000.00', '3000.00']);
    const value = ids.filter((i) => i.name === 'asset_value' && i.subject.id === projectId);
    expect(value.map((i) => i.left.amount).reduce((s, a) => s + Number(a), 0)).toBe(24000);
  });

  it('the province sees its own and its subtree’s books; a year picks that year’s funds and projects', async () => {
    const body = await d.get('provinceAuditor', `/api/v1/audit/reconcile?regionCode=${PROVINCE}`);
    expect(body.ok).toBe(true);
    const books = new Set(
      (body.identities as Identity[]).filter((i) => i.name === 'entries_balanced').map((i) => i.subject.id),
    );
    expect([...books].sort()).toEqual(['410000000000', '411100000000', COUNTY]);
    const none = await reconcile(COUNTY, '&year=2023');
    expect((none.identities as Identity[]).filter((i) => i.name !== 'entries_balanced')).toEqual([]);
    const y2024 = await reconcile(COUNTY, '&year=2024');
    expect((y2024.identities as Identity[]).some((i) => i.subject.id === fundId)).toBe(true);
  });

  it('a drifted fund row fails fund_issued', () =>
    drift(
      `UPDATE fund SET amount = amount + 1 WHERE id = $1`,
      `UPDATE fund SET amount = amount - 1 WHERE id = $1`,
      [fundId],
      (f) => {
        expect(f.map((i) => [i.name, i.subject.id])).toEqual([['fund_issued', fundId]]);
        expect(f[0].left.amount).toBe('50000.01');
      },
    ));

  it('a drifted funding line fails project_committed / project_paid', async () => {
    await drift(
      `UPDATE project_funding SET disbursed = disbursed + 500 WHERE project_id = $1 AND fund_id = $2`,
      `UPDATE project_funding SET disbursed = disbursed - 500 WHERE project_id = $1 AND fund_id = $2`,
      [projectId, fundId],
      (f) =>
        expect(f.map((i) => [i.name, i.left.amount, i.right.amount])).toEqual([
          ['project_paid', '20005.00', '20000.00'],
        ]),
    );
    await drift(
      `UPDATE project_funding SET released = released + 1 WHERE project_id = $1 AND fund_id = $2`,
      `UPDATE project_funding SET released = released - 1 WHERE project_id = $1 AND fund_id = $2`,
      [projectId, fundId],
      (f) => expect(f.map((i) => i.name)).toEqual(['project_committed']),
    );
  });

  it('a drifted payment row fails payments_total, and the failure is a critical finding', async () => {
    const first = `(SELECT id FROM disbursement WHERE project_id = $1 ORDER BY entry_seq LIMIT 1)`;
    await drift(
      `UPDATE disbursement SET amount = amount + 100 WHERE id = ${first}`,
      `UPDATE disbursement SET amount = amount - 100 WHERE id = ${first}`,
      [projectId],
      async (f) => {
        expect(f.map((i) => [i.name, i.subject.id])).toEqual([['payments_total', projectId]]);
        const findings = await findingsOf(d, 'reconciliation_failed', '2025-06-30');
        expect(findings).toEqual([
          expect.objectContaining({
            rule: 'reconciliation_failed',
            severity: 'critical',
            amount: '1.00',
            subject: expect.objectContaining({ type: 'project', id: projectId }),
          }),
        ]);
        expect(findings[0].evidence.length).toBeGreaterThan(0);
      },
    );
    expect(await findingsOf(d, 'reconciliation_failed', '2025-06-30')).toEqual([]);
  });

  it('asset rows that drift fail asset_value, asset_income and asset_distributed', async () => {
    await drift(
      `UPDATE asset_funding SET amount = amount + 100000000 WHERE asset_id = $1 AND fund_id = $2`,
      `UPDATE asset_funding SET amount = amount - 100000000 WHERE asset_id = $1 AND fund_id = $2`,
      [assetId, fundId],
      (f) => expect(f.map((i) => i.name)).toEqual(['asset_value']),
    );
    await drift(
      `UPDATE asset SET income_total = income_total + 7 WHERE id = $1`,
      `UPDATE asset SET income_total = income_total - 7 WHERE id = $1`,
      [assetId],
      async (f) => {
        expect(f.map((i) => [i.name, i.left.amount])).toEqual([['asset_income', '3000.07']]);
        const only = await reconcile(COUNTY, '&show=failed');
        expect([only.ok, only.failed, only.identities]).toEqual([false, 1, f]);
        expect(only.checked).toBeGreaterThan(1);
      },
    );
    await drift(
      `UPDATE asset SET distributed_total = distributed_total - 1 WHERE id = $1`,
      `UPDATE asset SET distributed_total = distributed_total + 1 WHERE id = $1`,
      [assetId],
      (f) =>
        expect(f.map((i) => [i.name, i.left.amount, i.right.amount])).toEqual([
          ['asset_distributed', '1499.99', '1500.00'],
        ]),
    );
  });

  it('a posting edited behind the journal’s back unbalances its fund and its entry', async () => {
    const [row] = await t.db.query(
      `SELECT book, seq, idx FROM journal_posting WHERE fund_id = $1 AND account LIKE 'payee:%' ORDER BY seq LIMIT 1`,
      [fundId],
    );
    const edit = (delta: number) =>
      t.db.query(
        `ALTER TABLE journal_posting DISABLE TRIGGER trg_journal_posting_no_update;
         UPDATE journal_posting SET amount = amount + ${delta}
          WHERE book = '${row.book}' AND seq = ${row.seq} AND idx = ${row.idx};
         ALTER TABLE journal_posting ENABLE TRIGGER trg_journal_posting_no_update;`,
      );
    await edit(1);
    try {
      const f = await failed();
      const names = f.map((i) => i.name);
      expect(names).toContain('fund_postings_zero');
      expect(names).toContain('entries_balanced');
      expect(f.find((i) => i.name === 'entries_balanced')!.evidence).toEqual([{ book: COUNTY, seq: Number(row.seq) }]);
    } finally {
      await edit(-1);
    }
    expect((await reconcile()).ok).toBe(true);
  });

  it('403 outside the caller’s region and for roles that do not audit; 400 on a bad year or region', async () => {
    const other = await t.http().get(`/api/v1/audit/reconcile?regionCode=${PROVINCE}`).set(d.as('auditor'));
    expect([other.status, other.body.code]).toEqual([403, 'OUT_OF_SCOPE']);
    const village = await t.http().get(`/api/v1/audit/reconcile?regionCode=${COUNTY}`).set(d.as('village'));
    expect(village.status).toBe(403);
    for (const q of ['year=20x4', 'year=1999', 'regionCode=12345', 'foo=1', 'show=ok']) {
      const res = await t.http().get(`/api/v1/audit/reconcile?${q}`).set(d.as('auditor'));
      expect([q, res.status, res.body.code]).toEqual([q, 400, 'VALIDATION_FAILED']);
    }
  });
});
