import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { consoleSignIn, describeBrowser, freshPage, launchChromium, listen } from '../support/browser';
import { acceptedProject, household, operatingAsset } from '../assets/asset-fixtures';
import { ledgerState } from '../hardening/hardening-fixtures';
import { CITY, COUNTY, PROVINCE, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { consoleUser, PASSWORD } from './console-fixtures';

/**
 * Finance pays an advance on a started project in Debian's chromium, an auditor opens the fund's trace and
 * sees the chart drawn (a non-blank canvas) and the payment in the table; a refused payment shows its reason
 * and leaves every journal head as it was; no console error or CSP violation on any finance or audit page.
 * CONSOLE_SCREENSHOTS=docs/console also writes the screenshots of the docs.
 */
const SHOTS = process.env.CONSOLE_SCREENSHOTS;
const PAYEE = '漯河市恒通路桥工程有限公司';

describeBrowser('console finance and audit pages in a real browser (chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let fundId: string;
  let projectId: string;
  let advanceLimit: string;
  let householdId: string;
  let assetId: string;
  let centralId: string;
  const errors: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t);
    // A started project on a county fund, through the API's services (the village → approval flow is tested
    // elsewhere), and a second project so that the picture has more than one branch.
    const d = new ProjectDriver(t, await projectTokens(t));
    fundId = await d.countyFund('1000000.00', '郾财农〔2024〕15号');
    projectId = await d.projectFunded([{ fundId, amount: '200000.00' }], {
      over: { name: '后街村 道路硬化 1.2 公里' },
    });
    const other = await d.projectFunded([{ fundId, amount: '150000.00' }]);
    await d.pay(other, { kind: 'progress', amount: '45000.00' });
    householdId = await household(d, 1, 'none');
    const payee = { name: '户主1', type: 'household', householdId };
    await d.pay(other, { kind: 'household', amount: '2000.00', paidOn: '2024-04-02', payee });
    // An accepted project that left an asset: the picture's last column, and a back trace.
    const built = await acceptedProject(d, [{ fundId, amount: '80000.00', committed: '100000.00' }], '80000.00');
    const asset = operatingAsset({ name: '后街村 果蔬冷库', value: '80000.00', certificateNo: undefined });
    assetId = (await d.post('program', `/api/v1/projects/${built}/assets`, asset, 201)).id;
    advanceLimit = (await d.project(projectId)).amounts.advanceLimit;
    // A central fund recorded by the province and allocated down to the city and the county, which funds a
    // project from its share: the levels of the picture, as the province's auditor sees them.
    const allocate = async (who: string, id: string, toRegionCode: string, amount: string, docNo: string) =>
      (
        await d.post(
          who,
          `/api/v1/funds/${id}/allocations`,
          { toRegionCode, amount, docNo, issuedOn: '2024-01-08' },
          201,
        )
      ).id as string;
    const central = {
      docNo: '财农〔2024〕1号',
      title: '中央财政衔接推进乡村振兴补助资金',
      sourceLevel: 'central',
      regionCode: PROVINCE,
      amount: '3000000.00',
      issuedOn: '2024-01-02',
    };
    centralId = (await d.post('provinceFinance', '/api/v1/funds', central, 201)).id;
    const cityShare = await allocate('provinceFinance', centralId, CITY, '1200000.00', '豫财农〔2024〕5号');
    const countyShare = await allocate('cityFinance', cityShare, COUNTY, '700000.00', '漯财农〔2024〕2号');
    const bridge = await d.projectFunded([{ fundId: countyShare, amount: '200000.00' }], {
      over: { name: '后街村 生产桥 1 座' },
    });
    await d.pay(bridge, {
      kind: 'progress',
      amount: '90000.00',
      payee: { name: '漯河市沙澧建筑工程有限公司', type: 'contractor' },
    });
    await consoleUser(t, 'province-auditor', 'auditor', PROVINCE);
    await consoleUser(t, 'finance', 'finance', COUNTY);
    await consoleUser(t, 'auditor', 'auditor', COUNTY);
    browser = await launchChromium();
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => expect(errors.splice(0)).toEqual([]));

  const open = (viewport?: { width: number; height: number }) => freshPage(browser, errors, viewport && { viewport });
  const signIn = (page: Page, username: string) => consoleSignIn(page, base, username, PASSWORD);

  const submit = (page: Page, selector = 'form.form button[type=submit]') =>
    Promise.all([page.waitForNavigation(), page.click(selector)]);

  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };

  async function fillPayment(page: Page, amount: string, voucherNo: string) {
    await page.selectOption('#f-kind', 'advance');
    await page.fill('#f-amount', amount);
    await page.fill('#f-paidOn', '2024-03-20');
    await page.fill('#f-payeeName', PAYEE);
    await page.selectOption('#f-payeeType', 'contractor');
    await page.fill('#f-payeeAccountNo', '6228480012345678');
    await page.fill('#f-voucherNo', voucherNo);
  }

  it('refuses an advance above the limit with its reason beside the amount, and writes nothing', async () => {
    const page = await open();
    await signIn(page, 'finance');
    await page.goto(`${base}/console/finance/projects`);
    await submit(page, `a[href="/console/finance/projects/${projectId}/pay"] >> nth=0`);
    expect(await page.textContent('.rules')).toContain('尚可预付');
    const before = await ledgerState(t);
    const over = (Number(advanceLimit) + 0.01).toFixed(2);
    await fillPayment(page, over, '记-2024-0001');
    await submit(page);
    expect(await page.textContent('#refusal')).toContain('预付款超出限额');
    expect(await page.textContent('#f-amount-error')).toContain('预付款超出限额');
    expect(await page.inputValue('#f-amount')).toBe(over);
    expect(await ledgerState(t)).toEqual(before);
    await shot(page, 'finance-payment-refused');
  });

  it('finance pays an advance: rules, confirmation in capitals, the journal entry', async () => {
    const page = await open();
    await signIn(page, 'finance');
    await page.goto(`${base}/console/finance/projects/${projectId}/pay`);
    await fillPayment(page, '50,000', '记-2024-0002');
    await shot(page, 'finance-payment-form');
    await submit(page);
    expect(await page.textContent('main')).toContain('人民币伍万元整');
    await shot(page, 'finance-payment-confirm');
    await submit(page, 'button[name=_confirm]');
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('付款已记入台账');
    expect(main).toMatch(/账簿 411103000000 第 \d+ 条/);
    expect(main).not.toContain('6228480012345678');
    await shot(page, 'finance-payment-done');
  });

  it('an auditor opens the fund’s trace: the chart is drawn and the payment is in the table', async () => {
    const page = await open();
    await signIn(page, 'auditor');
    await page.goto(`${base}/console/audit/trace`);
    await submit(page, `a[href="/console/audit/trace/funds/${fundId}"]`);
    await page.waitForSelector('#trace-chart[data-rendered=true] canvas', { timeout: 20_000 });
    const inked = await page.$eval('#trace-chart canvas', (c) => {
      const canvas = c as unknown as {
        width: number;
        height: number;
        getContext(t: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
      };
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return { n, of: data.length / 4 };
    });
    expect(inked.n).toBeGreaterThan(inked.of / 200);
    const table = (await page.textContent('main')) ?? '';
    expect(table).toContain(PAYEE);
    expect(table).toContain('50,000.00');
    expect(table).toContain('账目平衡');
    await shot(page, 'audit-trace');
    // Down to the entry: the payment's link in the table (the chart's nodes link to the same page).
    await submit(page, `section:has-text("后街村 道路硬化") a[href^="/console/audit/trace/entries/"]`);
    expect(await page.textContent('h1')).toContain('台账记录');
    expect(await page.textContent('main')).toContain('预付款');
    await shot(page, 'audit-entry');
  });

  it('the province’s auditor traces a central fund down the levels to the county’s payment', async () => {
    const page = await open();
    await signIn(page, 'province-auditor');
    await page.goto(`${base}/console/audit/trace/funds/${centralId}`);
    await page.waitForSelector('#trace-chart[data-rendered=true] canvas', { timeout: 20_000 });
    const main = (await page.textContent('main')) ?? '';
    for (const docNo of ['财农〔2024〕1号', '豫财农〔2024〕5号', '漯财农〔2024〕2号']) expect(main).toContain(docNo);
    expect(main).toContain('漯河市沙澧建筑工程有限公司');
    expect(main).toContain('90,000.00');
    await shot(page, 'audit-trace-levels');
  });

  it('the trace on a phone: chart above the table, nothing wider than the screen but the tables', async () => {
    const page = await open({ width: 390, height: 844 });
    await signIn(page, 'auditor');
    await page.goto(`${base}/console/audit/trace/funds/${fundId}`);
    await page.waitForSelector('#trace-chart[data-rendered=true] canvas', { timeout: 20_000 });
    const width = await page.$eval('html', (e) => (e as unknown as { scrollWidth: number }).scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await shot(page, 'audit-trace-phone');
  });

  it('every finance and audit page opens without a console error', async () => {
    const pages: Array<[string, string, string]> = [
      ['finance', '/console/finance/funds', 'finance-funds'],
      ['finance', '/console/finance/funds/new', 'finance-fund-new'],
      ['finance', `/console/finance/funds/${fundId}`, 'finance-fund'],
      ['finance', `/console/finance/funds/${fundId}/allocate`, ''],
      ['finance', '/console/finance/funds/import', ''],
      ['finance', '/console/finance/projects', 'finance-projects'],
      ['finance', '/console/finance/exports?year=2024', 'finance-exports'],
      ['auditor', '/console/audit/trace', 'audit-trace-index'],
      ['auditor', '/console/audit/trace?page=2&size=1', 'audit-trace-index-page2'],
      ['auditor', '/console/audit/findings', 'audit-findings'],
      ['auditor', `/console/audit/trace/assets/${assetId}`, 'audit-asset'],
      ['auditor', `/console/audit/trace/households/${householdId}`, 'audit-household'],
      ['auditor', `/console/audit/verify?book=${COUNTY}`, 'audit-verify'],
    ];
    const byUser = new Map<string, Page>();
    for (const [user, path, name] of pages) {
      let page = byUser.get(user);
      if (!page) {
        page = await open();
        await signIn(page, user);
        byUser.set(user, page);
      }
      const res = await page.goto(`${base}${path}`);
      expect({ path, status: res?.status() }).toEqual({ path, status: 200 });
      if (name) await shot(page, name);
    }
    const verify = byUser.get('auditor')!;
    expect(await verify.getAttribute('#verify-result', 'data-ok')).toBe('true');
  });
});
