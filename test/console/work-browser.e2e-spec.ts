import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createTestApp, tableCounts, type TestApp } from '../support/test-app';
import { applyToWorksStart, fill, type FlowEnv, setUpWorkFlow, shot, signedIn, WORK_USERS } from './work-flow';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'];
const describeBrowser = process.env.SKIP_BROWSER_TESTS === '1' ? describe.skip : describe;
/** Screenshots for docs/console when asked (CONSOLE_SHOTS=1), so that a test run does not rewrite the docs. */
const SHOTS = process.env.CONSOLE_SHOTS === '1' ? join(__dirname, '../../docs/console') : undefined;

describeBrowser('console: village → township → program office in a real browser (chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let env: FlowEnv;
  let projectId: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`chromium is not installed at ${CHROMIUM} (or set SKIP_BROWSER_TESTS=1)`);
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    env = { t, browser, base, errors: [], shots: SHOTS };
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('applies, publishes the notice (preview, then PDF), reviews, approves with funds, starts', async () => {
    const fund = await setUpWorkFlow(t);
    projectId = await applyToWorksStart(env, fund);
    const [row] = await t.db.query(`SELECT status FROM project WHERE id = $1`, [projectId]);
    expect(row.status).toBe('in_progress');
    const [committed] = await t.db.query(
      `SELECT COALESCE(SUM(balance), 0)::text AS fen FROM ledger_account WHERE account = $1`,
      [`project:${projectId}`],
    );
    expect(committed.fen).toBe('15000000');
  }, 180_000);

  it('a user of another village opening the project gets the 403 page', async () => {
    const page = await signedIn(env, WORK_USERS.otherVillage);
    const res = await page.goto(`${env.base}/console/village/projects/${projectId}`);
    expect(res?.status()).toBe(403);
    expect(await page.textContent('main')).toContain('无权访问');
    await page.context().close();
  });

  it('refused input keeps what was typed and shows the reason beside the field, writing nothing', async () => {
    const page = await signedIn(env, WORK_USERS.village, { width: 390, height: 844 });
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

  it('no browser console errors on any page opened', () => {
    expect(env.errors).toEqual([]);
  });
});
