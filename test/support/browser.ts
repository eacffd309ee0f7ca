import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type ConsoleMessage,
  type Page,
} from 'playwright-core';
import type { TestApp } from './test-app';

/** Debian's chromium (`npm test` installs it: scripts/test-tools.sh), or CHROMIUM_PATH. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** As the machine's own probe starts it: without the background-networking flags it calls Google's hosts. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--lang=zh-CN',
];

/** The browser suites, skipped only when asked (SKIP_BROWSER_TESTS=1, a machine without chromium). */
export const describeBrowser = process.env.SKIP_BROWSER_TESTS === '1' ? describe.skip : describe;

function assertInstalled(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Debian's chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (npm test does), ` +
        'or set SKIP_BROWSER_TESTS=1 to skip the browser tests on purpose',
    );
}

export async function launchChromium(): Promise<Browser> {
  assertInstalled();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** A persistent profile (a real cache, as a villager's phone has): closed and removed by `close`. */
export async function persistentChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  assertInstalled();
  const profile = mkdtempSync(join(tmpdir(), 'sl-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The app listening on a free port of 127.0.0.1; answers its base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
}

/**
 * Collects a page's console errors and uncaught errors into `errors`. A document's own 4xx (a refused form, the
 * 403 page) is what a test asserts, which chromium logs as a failed load: that one is not counted.
 */
export function recordErrors(page: Page, errors: string[], who = ''): void {
  const ownStatus = (m: ConsoleMessage) => m.location().url === page.url() && /status of 4\d\d/.test(m.text());
  const where = () => `${who ? `${who} ` : ''}${page.url()}`;
  page.on('console', (m) => m.type() === 'error' && !ownStatus(m) && errors.push(`${where()}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${where()}: ${e.message}`));
}

/** A page in a fresh browser profile (own cookies; closed with the browser) that reports its errors into `errors`. */
export async function freshPage(
  browser: Browser,
  errors: string[],
  options: BrowserContextOptions = {},
  who = '',
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', ...options });
  const page = await context.newPage();
  recordErrors(page, errors, who);
  return page;
}

/** Submits the console's sign-in form; resolves once its answer (the 工作台, or the form again) has loaded. */
export async function consoleSignIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/console/login`);
  await page.fill('[name="username"]', username);
  await page.fill('[name="password"]', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
}
