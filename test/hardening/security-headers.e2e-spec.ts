import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Response } from 'supertest';
import { API_CSP_DIRECTIVES, DOCS_CSP_DIRECTIVES } from '../../src/common/http/security-headers';
import { CONTENT_SECURITY_POLICY as PUBLIC_PAGES_POLICY } from '../../src/public/html';
import { createTestApp, TestApp } from '../support/test-app';
import { roleTokens } from './hardening-fixtures';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const describeBrowser = process.env.SKIP_BROWSER_TESTS === '1' ? describe.skip : describe;

/** A CSP header as directive → sources, whatever the separators helmet writes. */
function csp(header: string | undefined): Record<string, string[]> {
  const directives: Record<string, string[]> = {};
  for (const part of (header ?? '').split(';').map((p) => p.trim())) {
    if (part) directives[part.split(/\s+/)[0]] = part.split(/\s+/).slice(1);
  }
  return directives;
}

/** helmet's headers, with frames refused outright; the same set on every answer, whatever the route. */
function expectBaseHeaders(res: Response): void {
  expect(res.headers).toMatchObject({
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-permitted-cross-domain-policies': 'none',
    'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
    'origin-agent-cluster': '?1',
  });
  expect(res.headers['x-powered-by']).toBeUndefined();
  expect(csp(res.headers['content-security-policy'])['frame-ancestors']).toEqual(["'none'"]);
}

/**
 * Only the public pages sent security headers; the API, /docs and /health sent none. Every answer
 * now carries them: JSON answers a CSP that allows nothing, /docs one that lets Swagger UI run,
 * and the public pages keep their own.
 */
describe('hardening: security headers on every answer', () => {
  let t: TestApp;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    tokens = await roleTokens(t);
  });
  afterAll(() => t.close());

  it.each([
    ['an API answer', 'get', '/api/v1/funds', 'finance', undefined, 200],
    ['a 401', 'get', '/api/v1/funds', undefined, undefined, 401],
    ['a 400 for a malformed body', 'post', '/api/v1/regions', 'admin', '{', 400],
    ['an unknown route', 'get', '/api/v1/no-such-thing', undefined, undefined, 404],
    ['/health', 'get', '/health', undefined, undefined, 200],
    ['the OpenAPI document', 'get', '/docs-json', undefined, undefined, 200],
    ['an .xlsx download', 'get', '/api/v1/funds/import/template', 'finance', undefined, 200],
  ] as const)('%s carries them, with a CSP that allows nothing', async (_, method, path, who, body, status) => {
    const req = t
      .http()
      [method](path)
      .set(who ? { Authorization: `Bearer ${tokens[who]}` } : {});
    const res = await (body === undefined ? req : req.set('Content-Type', 'application/json').send(body));
    expect(res.status).toBe(status);
    expectBaseHeaders(res);
    expect(csp(res.headers['content-security-policy'])).toEqual(API_CSP_DIRECTIVES);
    expect(API_CSP_DIRECTIVES['default-src']).toEqual(["'none'"]);
  });

  it('/docs gets the policy Swagger UI needs, whatever the case of the path, and its assets too', async () => {
    for (const path of ['/docs', '/docs/', '/DOCS/', '/docs/swagger-ui-init.js', '/docs/swagger-ui.css']) {
      const res = await t.http().get(path).redirects(1);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expectBaseHeaders(res);
      expect(csp(res.headers['content-security-policy'])).toEqual(DOCS_CSP_DIRECTIVES);
    }
    expect(DOCS_CSP_DIRECTIVES['script-src']).toEqual(["'self'"]);
  });

  it('the public pages and their 404 page keep their own policy (a hashed stylesheet, their own scripts)', async () => {
    for (const path of ['/public', '/public/notices/00000000-0000-4000-8000-000000000000']) {
      const res = await t.http().get(path);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expectBaseHeaders(res);
      expect(csp(res.headers['content-security-policy'])).toEqual(csp(PUBLIC_PAGES_POLICY));
    }
  });
});

describeBrowser('hardening: Swagger UI under its CSP in a real browser (chromium)', () => {
  let t: TestApp;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Debian's chromium is not installed at ${CHROMIUM}, or set SKIP_BROWSER_TESTS=1 to skip on purpose`,
      );
    }
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    profile = mkdtempSync(join(tmpdir(), 'sl-chromium-'));
  }, 120_000);
  afterAll(async () => {
    if (profile) rmSync(profile, { recursive: true, force: true });
    await t?.close();
  });

  it('renders the operations with no CSP violation, and "Try it out" reaches the API', async () => {
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      // As a string: the page's own DOM types are not this project's (no DOM lib in tsconfig).
      await page.addInitScript(`
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
      `);
      const res = await page.goto(`${base}/docs`);
      expect(csp(res?.headers()['content-security-policy'])).toEqual(DOCS_CSP_DIRECTIVES);
      await page.waitForSelector('.swagger-ui .info .title', { timeout: 20_000 });
      expect(await page.textContent('.swagger-ui .info .title')).toContain('Sunshine Ledger');
      expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
      // Styles applied (the stylesheet and Swagger UI's inline styles allowed): an operation is laid out as a block.
      expect(await page.evaluate("getComputedStyle(document.querySelector('.opblock')).borderRadius")).not.toBe('0px');

      // "Try it out" on the regions list, with no token given: the call leaves the page (connect-src) and gets its 401.
      const op = page.locator('.opblock-get:has-text("/api/v1/regions")').first();
      await op.locator('.opblock-summary').click();
      await op.locator('button.try-out__btn').click();
      const answered = page.waitForResponse((r) => r.url().startsWith(`${base}/api/v1/regions`));
      await op.locator('button.execute').click();
      expect((await answered).status()).toBe(401);

      await page.screenshot({ path: join(tmpdir(), 'sl-docs-csp.png'), fullPage: false });
      expect(violations).toEqual([]);
      expect(await page.evaluate('window.__csp')).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
