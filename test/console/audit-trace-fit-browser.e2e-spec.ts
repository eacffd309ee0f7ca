import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { acceptedProject, household, operatingAsset } from '../assets/asset-fixtures';
import { consoleSignIn, describeBrowser, freshPage, launchChromium, listen } from '../support/browser';
import { CITY, COUNTY, PROVINCE, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { consoleUser, PASSWORD } from './console-fixtures';

/**
 * The fund trace on an office screen (1366×768) with the long values real documents carry: three levels of
 * 文号 with their batch notes, eight-figure sums, a contractor's full name, a 34-digit account and an ERP
 * voucher number. Nothing on the page, nor any of its tables, scrolls sideways, and every value is there.
 * CONSOLE_SCREENSHOTS=docs/console also writes the screenshot of the docs.
 */
const SHOTS = process.env.CONSOLE_SCREENSHOTS;
const DOCS = [
  '财农〔2024〕第00017号（中央财政衔接推进乡村振兴补助资金第一批）',
  '豫财农〔2024〕第00125号（第二批·补充下达）',
  '漯财农〔2024〕第00233号（转下达中央财政衔接资金）',
];
const PROJECT = '郾城区龙城镇后街村2024年度高标准农田配套机井及田间道路硬化建设项目（一期）';
const APPROVAL = '郾乡振组办〔2024〕第0000123号';
const PAYEE = '河南省漯河市郾城区恒通路桥工程建设有限责任公司第三工程分公司';
const ACCOUNT = '6228480012345678901234567890123456';
const VOUCHER = 'JZPZ2024120000012345678';

describeBrowser('the fund trace fits an office screen (chromium, 1366×768)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let root: string;

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t);
    const d = new ProjectDriver(t, await projectTokens(t));
    const fund = { title: '中央财政衔接推进乡村振兴补助资金', sourceLevel: 'central', issuedOn: '2024-01-02' };
    root = (
      await d.post(
        'provinceFinance',
        '/api/v1/funds',
        { ...fund, docNo: DOCS[0], regionCode: PROVINCE, amount: '98765432.10' },
        201,
      )
    ).id;
    const allocate = async (who: string, from: string, to: string, amount: string, docNo: string) =>
      (
        await d.post(
          who,
          `/api/v1/funds/${from}/allocations`,
          { toRegionCode: to, amount, docNo, issuedOn: '2024-01-08' },
          201,
        )
      ).id as string;
    const city = await allocate('provinceFinance', root, CITY, '45678901.23', DOCS[1]);
    const county = await allocate('cityFinance', city, COUNTY, '23456789.01', DOCS[2]);

    const id = await d.apply({ name: PROJECT, budget: '12345678.00', selfFunded: '345678.00' });
    await d.review(id);
    await d.post(
      'program',
      `/api/v1/projects/${id}/approve`,
      { approvalDocNo: APPROVAL, approvedOn: '2024-03-01', funding: [{ fundId: county, amount: '12000000.00' }] },
      200,
    );
    await d.start(id);
    const payee = { name: PAYEE, type: 'contractor', accountNo: ACCOUNT };
    await d.pay(id, { kind: 'progress', amount: '8765432.10', payee, voucherNo: VOUCHER });
    const hh = await household(d, 7, 'none');
    await d.pay(id, {
      kind: 'household',
      amount: '12345.67',
      paidOn: '2024-04-02',
      payee: { name: '户主7', type: 'household', householdId: hh },
      voucherNo: `${VOUCHER}-HH`,
    });
    const built = await acceptedProject(d, [{ fundId: county, amount: '123456.78' }]);
    const asset = operatingAsset({
      name: '后街村 高标准农田配套机井及泵房（含变压器和输电线路）',
      value: '123456.78',
    });
    await d.post('program', `/api/v1/projects/${built}/assets`, asset, 201);
    await consoleUser(t, 'province-auditor', 'auditor', PROVINCE);
    browser = await launchChromium();
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const errors: string[] = [];
  afterEach(() => expect(errors.splice(0)).toEqual([]));

  /** Anything wider than its box: the page itself, and each sideways-scrolling wrapper (`.scroll`). */
  const overflows = (page: Page) =>
    page.evaluate(() => {
      type Box = { scrollWidth: number; clientWidth: number; className: string; textContent: string | null };
      const doc = (globalThis as unknown as { document: { scrollingElement: Box; querySelectorAll(s: string): Box[] } })
        .document;
      const what = (e: Box) => (e.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 30);
      return [doc.scrollingElement, ...doc.querySelectorAll('main .scroll')]
        .filter((e) => e.scrollWidth > e.clientWidth)
        .map((e) => `${e.className || 'page'} ${e.scrollWidth} > ${e.clientWidth}: ${what(e)}`);
    });

  it('at 1366 px neither the page nor a table scrolls sideways, and every long value is shown', async () => {
    const page = await freshPage(browser, errors);
    await consoleSignIn(page, base, 'province-auditor', PASSWORD);
    await page.goto(`${base}/console/audit/trace/funds/${root}`);
    await page.waitForSelector('#trace-chart[data-rendered=true] canvas', { timeout: 20_000 });
    expect(await overflows(page)).toEqual([]);
    const main = (await page.textContent('main')) ?? '';
    for (const s of [...DOCS, PROJECT, APPROVAL, PAYEE, VOUCHER, '8,765,432.10', '98,765,432.10', '3456'])
      expect(main).toContain(s);
    // The account shows its last four digits; the masked value, as long as the account, is its title.
    expect(main).not.toContain(ACCOUNT);
    expect(await page.getAttribute('span[title$="3456"]', 'title')).toBe(`${'*'.repeat(30)}3456`);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'audit-trace-1366.png'), fullPage: true });
  });
});
