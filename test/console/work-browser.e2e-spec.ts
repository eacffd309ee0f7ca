import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchChromium, listen } from '../support/browser';
import { acceptedProject, fundOf, household, operatingAsset } from '../assets/asset-fixtures';
import { TODAY } from '../public/public-fixtures';
import { COUNTY, plusDays, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { businessToday } from '../../src/common/business-date';
import { consoleUser } from './console-fixtures';
import { createTestApp, tableCounts, type TestApp } from '../support/test-app';
import {
  applyToWorksStart,
  fill,
  type FlowEnv,
  setUpWorkFlow,
  shot,
  signedIn,
  submitAndConfirm,
  WORK_USERS,
} from './work-flow';

/** Screenshots for the docs when asked (CONSOLE_SCREENSHOTS=docs/console), so that a test run does not rewrite them. */
const SHOTS = process.env.CONSOLE_SCREENSHOTS;

describeBrowser('console: village → township → program office → finance → audit in a real browser (chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let env: FlowEnv;
  let projectId: string;
  let fund: { fundId: string; fundDocNo: string };

  beforeAll(async () => {
    t = await createTestApp();
    const base = await listen(t);
    browser = await launchChromium();
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    env = { t, browser, base, errors: [], shots: SHOTS };
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('applies, publishes the notice (preview, then PDF), reviews, approves with funds, starts', async () => {
    fund = await setUpWorkFlow(t);
    projectId = await applyToWorksStart(env, fund);
    const [row] = await t.db.query(`SELECT status FROM project WHERE id = $1`, [projectId]);
    expect(row.status).toBe('in_progress');
    const [committed] = await t.db.query(
      `SELECT COALESCE(SUM(balance), 0)::text AS fen FROM ledger_account WHERE account = $1`,
      [`project:${projectId}`],
    );
    expect(committed.fen).toBe('15000000');
  }, 180_000);

  it('then finance pays an advance, and the county auditor sees it in the fund’s trace chart', async () => {
    await consoleUser(t, 'finance-yancheng', 'finance', COUNTY);
    await consoleUser(t, 'auditor-yancheng', 'auditor', COUNTY);
    const pay = await signedIn(env, 'finance-yancheng');
    await pay.goto(`${env.base}/console/finance/projects/${projectId}/pay`);
    await pay.selectOption('#f-kind', 'advance');
    await fill(pay, {
      amount: '30,000',
      paidOn: plusDays(businessToday(), -10),
      payeeName: '漯河市路桥建设有限公司',
      payeeType: 'contractor',
      payeeAccountNo: '6228480012345678',
      voucherNo: '记-2026-0101',
    });
    const entry = await submitAndConfirm(env, pay, 'flow-finance-advance');
    expect(entry).toMatch(/^411103000000\/\d+$/);

    const audit = await signedIn(env, 'auditor-yancheng', { javaScript: true });
    await audit.goto(`${env.base}/console/audit/trace/funds/${fund.fundId}`);
    await audit.waitForSelector('#trace-chart[data-rendered=true] canvas', { timeout: 20_000 });
    const main = (await audit.textContent('main')) ?? '';
    expect(main).toContain('漯河市路桥建设有限公司');
    expect(main).toContain('30,000.00');
    expect(main).not.toContain('6228480012345678');
    await shot(env, audit, 'flow-audit-trace');
  }, 120_000);

  it('a user of another village opening the project gets the 403 page', async () => {
    const page = await signedIn(env, WORK_USERS.otherVillage);
    const res = await page.goto(`${env.base}/console/village/projects/${projectId}`);
    expect(res?.status()).toBe(403);
    expect(await page.textContent('main')).toContain('无权访问');
    await page.context().close();
  });

  it('refused input keeps what was typed and shows the reason beside the field, writing nothing', async () => {
    const page = await signedIn(env, WORK_USERS.village, { viewport: { width: 390, height: 844 } });
    await page.goto(`${env.base}/console/village/projects/new`);
    const before = await tableCounts(t.db);
    await fill(page, { name: '后街村 道路硬化', budget: '12.345', 'beneficiaries.households': '三十' });
    await page.click('form.form button[type="submit"]');
    expect(await page.inputValue('[name="name"]')).toBe('后街村 道路硬化');
    expect(await page.inputValue('[name="budget"]')).toBe('12.345');
    const budgetField = page.locator('.field.bad', { has: page.locator('[name="budget"]') });
    expect(await budgetField.textContent()).toMatch(/[\u4e00-\u9fff]/);
    expect(await page.locator('.field.bad', { has: page.locator('[name="beneficiaries.households"]') }).count()).toBe(
      1,
    );
    await shot(env, page, 'village-apply-refused-phone');
    expect(await tableCounts(t.db)).toEqual(before);
    await page.context().close();
  });

  it('shows the main pages at 1366×768 and on a phone without the page scrolling sideways', async () => {
    const d = new ProjectDriver(t, await projectTokens(t));
    for (const n of [401, 402, 403]) await household(d, n, n === 403 ? 'none' : 'full');
    const fund = await fundOf(d, 'central', '300000.00');
    const settled = await acceptedProject(d, [{ fundId: fund, amount: '90000.00' }]);
    const asset = (
      await d.post('program', `/api/v1/projects/${settled}/assets`, operatingAsset({ value: '90000.00' }), 201)
    ).id;
    await d.post(
      'village',
      `/api/v1/assets/${asset}/income`,
      { amount: '8000.00', receivedOn: '2024-12-20', period: '2024', source: '电费结算' },
      201,
    );
    const [notice] = await t.db.query(`SELECT id FROM notice WHERE project_id = $1 AND type = 'application'`, [
      projectId,
    ]);
    await t
      .http()
      .post(`/api/v1/notices/${notice.id}/objections`)
      .send({ summary: '带贫户名单有误，请核实', receivedOn: TODAY })
      .expect(201);
    const pages: Array<[string, string, string]> = [
      [WORK_USERS.village, '/console/village/projects', 'village-projects'],
      [WORK_USERS.village, `/console/village/projects/${projectId}`, 'village-project'],
      [WORK_USERS.village, '/console/village/households', 'village-households'],
      [WORK_USERS.village, '/console/village/households/import', 'village-households-import'],
      [WORK_USERS.village, `/console/village/notices/${notice.id}`, 'village-notice-objections'],
      [WORK_USERS.village, `/console/village/assets/${asset}/distribute`, 'village-asset-distribute'],
      [WORK_USERS.township, '/console/township/projects', 'township-projects'],
      [WORK_USERS.program, `/console/program/projects/${settled}`, 'program-project-accepted'],
      [WORK_USERS.program, `/console/program/projects/${projectId}/cancel`, 'program-cancel'],
      [WORK_USERS.program, `/console/program/projects/${settled}/cancel`, 'program-cancel-settled'],
      [WORK_USERS.program, `/console/program/assets/${asset}/dispose`, 'program-asset-dispose'],
    ];
    for (const [viewport, suffix] of [
      [{ width: 1366, height: 768 }, ''],
      [{ width: 390, height: 844 }, '-phone'],
    ] as const) {
      const sessions = new Map<string, Page>();
      for (const [who, path, name] of pages) {
        if (!sessions.has(who)) sessions.set(who, await signedIn(env, who, { viewport }));
        const page = sessions.get(who)!;
        const res = await page.goto(`${env.base}${path}`);
        expect({ path, status: res?.status() }).toEqual({ path, status: 200 });
        const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
        expect({ path, viewport: viewport.width, overflow }).toEqual({ path, viewport: viewport.width, overflow: 0 });
        if (!suffix || ['village-project', 'village-households', 'village-asset-distribute'].includes(name))
          await shot(env, page, `${name}${suffix}`);
      }
      for (const page of sessions.values()) await page.context().close();
    }
  }, 180_000);

  it('no browser console errors on any page opened', () => {
    expect(env.errors).toEqual([]);
  });
});
