import type { BrowserContext, Page } from 'playwright-core';
import { describeBrowser, listen, persistentChromium } from '../support/browser';
import { COUNTY, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { publishApplication } from './public-fixtures';

/**
 * The villager's view: Debian's chromium opens /public, follows a notice to its verify page and
 * watches its own Web Crypto code accept the notice — and reject it when the proof, the content or
 * the checkpoint is tampered with on the way. Chromium missing is a failure, not a skip, unless
 * SKIP_BROWSER_TESTS=1 is set explicitly (for a machine without it; CI installs it in .ci/run).
 */
const XSS_NAME = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>后街村 道路硬化';

describeBrowser('public pages in a real browser (chromium)', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let base: string;
  let context: BrowserContext;
  let chrome: Awaited<ReturnType<typeof persistentChromium>>;
  let notice: Awaited<ReturnType<typeof publishApplication>>;

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t);
    d = new ProjectDriver(t, await projectTokens(t));
    notice = await publishApplication(d, 'village', { name: XSS_NAME });
    const cp = await d.post('finance', '/api/v1/ledger/checkpoints', { book: COUNTY }, 201);
    expect(cp.treeSize).toBeGreaterThanOrEqual(notice.seq);
    chrome = await persistentChromium();
    context = chrome.context;
  }, 120_000);

  afterAll(async () => {
    await chrome?.close();
    await t?.close();
  });

  async function verdictOf(page: Page) {
    await page.waitForSelector('#verify[data-result]', { timeout: 20_000 });
    const step = async (id: string) => ({
      mark: (await page.textContent(`#${id} .mark`))?.trim(),
      why: (await page.textContent(`#${id} .why`))?.trim() ?? '',
    });
    return {
      result: await page.getAttribute('#verify', 'data-result'),
      verdict: (await page.textContent('#verdict'))?.trim(),
      content: await step('step-content'),
      inclusion: await step('step-inclusion'),
      signature: await step('step-signature'),
    };
  }

  it('follows /public → notice → verify and sees the browser accept the notice, with no script injected', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A style or script refused by the page's Content-Security-Policy shows up as a console error.
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await page.goto(`${base}/public`);
    await page.click(`a[href="/public/notices/${notice.id}"]`);
    await page.waitForURL(`**/public/notices/${notice.id}`);
    expect(await page.textContent('h1')).toContain(XSS_NAME); // shown as text, not run as markup
    await page.click(`a[href="/public/verify/${notice.id}"] >> nth=0`);
    await page.waitForURL(`**/public/verify/${notice.id}`);
    const v = await verdictOf(page);
    expect(v).toMatchObject({ result: 'ok', verdict: '✓ 核验通过' });
    expect([v.content.mark, v.inclusion.mark, v.signature.mark]).toEqual(['✓', '✓', '✓']);
    expect(v.content.why).toContain(notice.contentHash);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fails the inclusion step when one byte of the served proof is flipped', async () => {
    const page = await context.newPage();
    await page.route('**/api/v1/ledger/proofs/inclusion**', async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      const first = json.proof[0] as string;
      json.proof[0] = (first[0] === '0' ? '1' : '0') + first.slice(1);
      await route.fulfill({ response, json });
    });
    await page.goto(`${base}/public/verify/${notice.id}`);
    const v = await verdictOf(page);
    expect(v).toMatchObject({ result: 'fail', verdict: '✗ 核验失败' });
    expect([v.content.mark, v.inclusion.mark, v.signature.mark]).toEqual(['✓', '✗', '✓']);
    expect(v.inclusion.why).toContain('包含证明不成立');
    await page.close();
  });

  it('fails the content step when the served content is altered', async () => {
    const page = await context.newPage();
    await page.route(`**/public/notices/${notice.id}/content.json`, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace('220000.00', '280000.00');
      await route.fulfill({ response, body });
    });
    await page.goto(`${base}/public/verify/${notice.id}`);
    const v = await verdictOf(page);
    expect(v).toMatchObject({ result: 'fail', verdict: '✗ 核验失败' });
    expect(v.content.mark).toBe('✗');
    expect(v.content.why).toContain('内容被改动过');
    await page.close();
  });

  it('fails the signature step when the checkpoint body is altered', async () => {
    const page = await context.newPage();
    await page.route('**/api/v1/ledger/checkpoints/latest**', async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      json.body = json.body.replace(/timestamp \d{4}/, 'timestamp 2099');
      await route.fulfill({ response, json });
    });
    await page.goto(`${base}/public/verify/${notice.id}`);
    const v = await verdictOf(page);
    expect(v).toMatchObject({ result: 'fail' });
    expect(v.signature.mark).toBe('✗');
    expect(v.signature.why).toContain('签名与公钥不符');
    await page.close();
  });

  it('checks the content and waits for the next checkpoint when none covers a new notice', async () => {
    const fresh = await publishApplication(d, 'village', { name: '后街村 文化广场' });
    const page = await context.newPage();
    await page.goto(`${base}/public/verify/${fresh.id}`);
    const v = await verdictOf(page);
    expect(v.result).toBe('pending');
    expect(v.verdict).toContain('等待下一次签名检查点');
    expect(v.content.mark).toBe('✓');
    expect(v.inclusion.why).toContain('等待下一次签名检查点');
    await page.close();
  });

  it('files an objection from the notice page and shows the answer', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/public/notices/${notice.id}`);
    await page.fill('#summary', '道路宽度与公示不符，请核实');
    await page.fill('#contact', '13900001111');
    await page.click('#objection button');
    await page.waitForSelector('#objection-result.ok, #objection-result.bad');
    expect(await page.textContent('#objection-result')).toMatch(/^异议已提交（编号 [0-9a-f-]{36}）/);
    await page.reload();
    expect(await page.textContent('main')).toContain('道路宽度与公示不符，请核实');
    expect(await page.content()).not.toContain('13900001111');
    await page.close();
  });
});
