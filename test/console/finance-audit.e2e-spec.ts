import request from 'supertest';
import { acceptedProject, household, operatingAsset } from '../assets/asset-fixtures';
import { ledgerState } from '../hardening/hardening-fixtures';
import { CITY, COUNTY, ProjectDriver, projectTokens, TOWNSHIP, VILLAGE } from '../support/project-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { consoleUser, sessionCsrf, signIn, type Agent } from './console-fixtures';

/**
 * The finance and audit pages at the HTTP level: a payment checked before it is confirmed (the service's
 * rules, the reason shown, nothing written), the fund and allocation forms, the session-scoped downloads,
 * the trace page's chart data and table, findings and verification.
 */
describe('console: finance and audit pages (HTTP)', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let fundId: string;
  let projectId: string;
  const agent = (): Agent => request.agent(t.app.getHttpServer());
  const as = async (username: string) => {
    const a = agent();
    expect((await signIn(a, username)).status).toBe(303);
    return a;
  };
  const payForm = (over: Record<string, string> = {}) => ({
    kind: 'advance',
    amount: '10,000.00',
    paidOn: '2024-03-20',
    payeeName: '河南中原建设工程有限公司',
    payeeType: 'contractor',
    payeeAccountNo: '6228480012345678',
    voucherNo: '记-2024-0320',
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
    await consoleUser(t, 'fin1', 'finance', COUNTY);
    await consoleUser(t, 'aud1', 'auditor', COUNTY);
    await consoleUser(t, 'vil1', 'village', VILLAGE);
    await consoleUser(t, 'town1', 'township', TOWNSHIP);
    await consoleUser(t, 'cityfin', 'finance', CITY);
    fundId = await d.countyFund('500000.00', '郾财农〔2024〕7号');
    projectId = await d.projectFunded([{ fundId, amount: '200000.00' }]);
  }, 120_000);
  afterAll(() => t.close());

  it('shows the payment rules with the form, with the project’s own figures', async () => {
    const a = await as('fin1');
    const page = await a.get(`/console/finance/projects/${projectId}/pay`).expect(200);
    expect(page.text).toContain('付款规则');
    expect(page.text).toContain('尚可预付');
    expect(page.text).toContain('郾财农〔2024〕7号');
    const list = await a.get('/console/finance/projects').expect(200);
    expect(list.text).toContain(`/console/finance/projects/${projectId}/pay`);
  });

  it('refuses an advance above the limit at the confirm step, with the reason, and writes nothing', async () => {
    const a = await as('fin1');
    const csrf = await sessionCsrf(a);
    const before = await ledgerState(t);
    const project = await d.project(projectId);
    const over = (Number(project.amounts.advanceLimit) + 1).toFixed(2);
    const res = await a
      .post(`/console/finance/projects/${projectId}/pay`)
      .type('form')
      .send({ ...payForm({ amount: over }), _csrf: csrf })
      .expect(422);
    expect(res.text).toContain('预付款超出限额');
    expect(res.text).toContain(`value="${over}"`); // what was typed is kept
    // Even a forged confirmation is checked by the service again under the lock.
    await a
      .post(`/console/finance/projects/${projectId}/pay`)
      .type('form')
      .send({ ...payForm({ amount: over }), _csrf: csrf, _confirm: '1' })
      .expect(422);
    expect(await ledgerState(t)).toEqual(before);
  });

  it('confirms, then pays an advance and shows the journal entry it made', async () => {
    const a = await as('fin1');
    const csrf = await sessionCsrf(a);
    const confirm = await a
      .post(`/console/finance/projects/${projectId}/pay`)
      .type('form')
      .send({ ...payForm(), _csrf: csrf })
      .expect(200);
    expect(confirm.text).toContain('确认提交');
    expect(confirm.text).toContain('壹万元整');
    const done = await a
      .post(`/console/finance/projects/${projectId}/pay`)
      .type('form')
      .send({ ...payForm(), _csrf: csrf, _confirm: '1' })
      .expect(200);
    expect(done.text).toContain('付款已记入台账');
    const [{ seq }] = await t.db.query(`SELECT entry_seq::int AS seq FROM disbursement WHERE voucher_no = $1`, [
      '记-2024-0320',
    ]);
    expect(done.text).toContain(`第 ${seq} 条`);
    expect(done.text).toContain('************5678');
    expect(done.text).not.toContain('6228480012345678');
    // The same voucher again: refused beside the field.
    const again = await a
      .post(`/console/finance/projects/${projectId}/pay`)
      .type('form')
      .send({ ...payForm(), _csrf: csrf })
      .expect(422);
    expect(again.text).toContain('该凭证号已使用');
  });

  it('refuses a payment the project’s state does not allow, with the service’s reason', async () => {
    const a = await as('fin1');
    const csrf = await sessionCsrf(a);
    const before = await ledgerState(t);
    const res = await a
      .post(`/console/finance/projects/${projectId}/pay`)
      .type('form')
      .send({ ...payForm({ kind: 'final', amount: '100.00', voucherNo: '记-final' }), _csrf: csrf })
      .expect(422);
    expect(res.text).toContain('id="f-kind-error"');
    expect(res.text).toContain('未写入台账');
    expect(await ledgerState(t)).toEqual(before);
  });

  it('allocates a city fund down to the county after confirmation; above what is left, refused', async () => {
    const cityFund = await d.post(
      'cityFinance',
      '/api/v1/funds',
      {
        docNo: '漯财农〔2024〕3号',
        title: '市级衔接资金',
        sourceLevel: 'municipal',
        regionCode: CITY,
        amount: '5000.00',
        issuedOn: '2024-01-05',
      },
      201,
    );
    const a = await as('cityfin');
    const csrf = await sessionCsrf(a);
    const url = `/console/finance/funds/${cityFund.id}/allocate`;
    const body = {
      toRegionCode: COUNTY,
      amount: '3,000',
      docNo: '漯财农〔2024〕3-1号',
      issuedOn: '2024-01-06',
      _csrf: csrf,
    };
    const before = await ledgerState(t);
    const over = await a
      .post(url)
      .type('form')
      .send({ ...body, amount: '6000', _confirm: '1' })
      .expect(422);
    expect(over.text).toContain('id="f-amount-error"');
    expect(await ledgerState(t)).toEqual(before);
    const confirm = await a.post(url).type('form').send(body).expect(200);
    expect(confirm.text).toContain('叁仟元整');
    const done = await a
      .post(url)
      .type('form')
      .send({ ...body, _confirm: '1' })
      .expect(200);
    expect(done.text).toContain('已下达');
    expect(done.text).toMatch(/账簿 <span class="mono">411103000000<\/span> 第 \d+ 条/);
  });

  it('imports fund documents from an upload: the token a field of the form, a bad file refused whole', async () => {
    const a = await as('fin1');
    const csrf = await sessionCsrf(a);
    const before = await ledgerState(t);
    const file = Buffer.from('not a workbook');
    await a.post('/console/finance/funds/import').attach('file', file, 'funds.xlsx').expect(403);
    const bad = await a
      .post('/console/finance/funds/import')
      .field('_csrf', csrf)
      .attach('file', file, 'funds.xlsx')
      .expect(422);
    expect(bad.text).toContain('未写入任何数据');
    expect(await ledgerState(t)).toEqual(before);
    const template = await a.get('/console/finance/funds/import/template').buffer(true).expect(200);
    expect(template.headers['content-type']).toContain('spreadsheetml');
  });

  it('records a fund document after confirmation, and keeps a refused one as typed', async () => {
    const a = await as('fin1');
    const csrf = await sessionCsrf(a);
    const body = {
      docNo: '郾财农〔2024〕99号',
      title: '县级衔接资金',
      sourceLevel: 'county',
      regionCode: COUNTY,
      amount: '1,250.5',
      issuedOn: '2024-02-01',
      _csrf: csrf,
    };
    const bad = await a
      .post('/console/finance/funds/new')
      .type('form')
      .send({ ...body, amount: '12.345' })
      .expect(400);
    expect(bad.text).toContain('value="12.345"');
    await a.post('/console/finance/funds/new').type('form').send(body).expect(200);
    const done = await a
      .post('/console/finance/funds/new')
      .type('form')
      .send({ ...body, _confirm: '1' })
      .expect(200);
    expect(done.text).toContain('资金文件已登记');
    expect(done.text).toContain('壹仟贰佰伍拾元零伍角');
    const dup = await a
      .post('/console/finance/funds/new')
      .type('form')
      .send({ ...body, _confirm: '1' })
      .expect(422);
    expect(dup.text).toContain('该文号已登记');
  });

  it('downloads an export within the session’s region, and refuses a village', async () => {
    const a = await as('fin1');
    const res = await a.get('/console/finance/exports/payments.csv?year=2024').expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.text).toContain('记-2024-0320');
    await a.get('/console/finance/exports/payments.csv?year=20x4').expect(400);
    await (await as('vil1')).get('/console/finance/exports/payments.csv').expect(403);
  });

  it('the trace page carries the chart data and the table, without any inline script', async () => {
    const a = await as('aud1');
    const page = await a.get(`/console/audit/trace/funds/${fundId}`).expect(200);
    expect(page.text).toContain('data-chart=');
    expect(page.text).toContain('/console/assets/echarts.min.js');
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.text).toContain('河南中原建设工程有限公司');
    expect(page.text).toContain('10,000.00');
    const js = await a.get('/console/assets/echarts.min.js').expect(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.text.length).toBeGreaterThan(500_000);
  });

  it('pages the trace index’s funds by number: 共 N 项, page 2 shows funds page 1 did not', async () => {
    for (const n of [1, 2, 3]) await d.countyFund('1000.00', `郾财农〔2024〕翻页${n}号`, `2024-02-0${n}`);
    const a = await as('aud1');
    const docNos = (text: string) => [...text.matchAll(/funds\/[0-9a-f-]{36}">([^<]+)</g)].map((m) => m[1]);
    const first = await a.get('/console/audit/trace?size=2').expect(200);
    const [total] = await t.db.query(`SELECT count(*)::int AS n FROM fund WHERE region_code LIKE '411103%'`);
    expect(first.text).toContain(`共 ${total.n} 项，第 1 / ${Math.ceil(total.n / 2)} 页（第 1–2 项）`);
    expect(first.text).toContain('href="/console/audit/trace?page=2&amp;size=2" rel="next">下一页');
    expect(first.text).not.toContain('上一页');
    const second = await a.get('/console/audit/trace?page=2&size=2').expect(200);
    expect(second.text).toContain('href="/console/audit/trace?size=2" rel="prev">« 上一页');
    const [p1, p2] = [docNos(first.text), docNos(second.text)];
    expect(p1).toHaveLength(2);
    expect(p2).toHaveLength(2);
    expect(p2.filter((x) => p1.includes(x))).toEqual([]);
    // Newest document first; without a size the page is the default 100, all of them here.
    expect(p1).toEqual(['郾财农〔2024〕翻页3号', '郾财农〔2024〕翻页2号']);
    const all = await a.get('/console/audit/trace?page=x&size=0').expect(200);
    expect(docNos(all.text)).toHaveLength(total.n);
    expect(all.text).not.toContain('下一页');
  });

  it('pages the trace index’s assets and households by number too, each pager keeping the other lists', async () => {
    const built = await acceptedProject(d, [{ fundId, amount: '3000.00' }]);
    for (const n of [1, 2, 3]) {
      const asset = operatingAsset({ name: `资产翻页${n}`, value: '1000.00', certificateNo: undefined });
      await d.post('program', `/api/v1/projects/${built}/assets`, asset, 201);
      await household(d, 40 + n, 'none');
    }
    const a = await as('aud1');
    const [assets] = await t.db.query(`SELECT count(*)::int AS n FROM asset WHERE location LIKE '411103%'`);
    const [households] = await t.db.query(`SELECT count(*)::int AS n FROM household WHERE region_code LIKE '411103%'`);
    expect(assets.n).toBeGreaterThan(2);
    expect(households.n).toBeGreaterThan(2);
    const section = (text: string, id: string) => text.slice(text.indexOf(`id="${id}"`)).split('<h2')[0];
    const assetNos = (text: string) => [...section(text, 'assets').matchAll(/assets\/[0-9a-f-]{36}">([^<]+)</g)];
    const heads = (text: string) => [...section(text, 'households').matchAll(/households\/[0-9a-f-]{36}">([^<]+)</g)];

    const pages = Math.ceil(assets.n / 2);
    const first = await a.get('/console/audit/trace?size=2').expect(200);
    expect(section(first.text, 'assets')).toContain(`共 ${assets.n} 项，第 1 / ${pages} 页（第 1–2 项）`);
    expect(section(first.text, 'assets')).toContain('href="/console/audit/trace?assetPage=2&amp;size=2#assets"');
    const all = new Set<string>();
    for (let p = 1; p <= pages; p++) {
      const page = await a.get(`/console/audit/trace?assetPage=${p}&size=2`).expect(200);
      const shown = assetNos(page.text).map((m) => m[1]);
      expect(shown).toHaveLength(p < pages ? 2 : assets.n - 2 * (pages - 1));
      shown.forEach((x) => all.add(x));
      // The funds stay on their first page, and their pager keeps the assets' page.
      if (p > 1) expect(page.text).toContain(`href="/console/audit/trace?page=2&amp;assetPage=${p}&amp;size=2"`);
    }
    const [{ nos }] = await t.db.query(
      `SELECT array_agg(asset_no ORDER BY asset_no) AS nos FROM asset WHERE location LIKE '411103%'`,
    );
    expect([...all].map((x) => x.split(' ')[0]).sort()).toEqual(nos);

    const second = await a.get('/console/audit/trace?householdPage=2&size=2').expect(200);
    const hpages = Math.ceil(households.n / 2);
    expect(section(second.text, 'households')).toContain(`共 ${households.n} 项，第 2 / ${hpages} 页（第 3`);
    expect(section(second.text, 'households')).toContain('href="/console/audit/trace?size=2#households" rel="prev"');
    const h1 = heads(first.text).map((m) => m[1]);
    const h2 = heads(second.text).map((m) => m[1]);
    expect(h1).toHaveLength(2);
    expect(h2.length).toBeGreaterThan(0);
    expect(h2.filter((x) => h1.includes(x))).toEqual([]);
  });

  it('lists findings with filters, downloads them as .xlsx, and verifies a book', async () => {
    const a = await as('aud1');
    await a.get('/console/audit/findings?severity=high').expect(200);
    await a.get('/console/audit/findings?rule=nope').expect(400);
    const xlsx = await a.get('/console/audit/findings.xlsx').buffer(true).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const v = await a.get(`/console/audit/verify?book=${COUNTY}`).expect(200);
    expect(v.text).toContain('data-ok="true"');
    expect(v.text).toContain('校验通过');
  });

  it('keeps each role to its pages: 403 for the others, the auditor writes nothing', async () => {
    const aud = await as('aud1');
    const town = await as('town1');
    const csrf = await sessionCsrf(aud);
    const before = await ledgerState(t);
    await aud.get(`/console/finance/projects/${projectId}/pay`).expect(403);
    await aud
      .post(`/console/finance/projects/${projectId}/pay`)
      .type('form')
      .send({ ...payForm({ voucherNo: 'x-1' }), _csrf: csrf, _confirm: '1' })
      .expect(403);
    await town.get(`/console/audit/trace/funds/${fundId}`).expect(403);
    await town.get('/console/finance/funds').expect(403);
    expect(await ledgerState(t)).toEqual(before);
  });
});
