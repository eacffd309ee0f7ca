import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describeBrowser, listen, persistentChromium } from '../support/browser';
import { logVkey } from '../../src/journal/witnesses/checkpoint-note';
import { parseVkey } from '../../src/witness/note';
import { startWitness, StartedWitness } from '../../src/witness/start-witness';
import { parseLogKeys } from '../../src/witness/witness-config';
import { createWitnessServer } from '../../src/witness/witness-server';
import { COUNTY, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { publishApplication } from './public-fixtures';

/**
 * The villager's view of a witnessed notice: chromium checks the audit bureau's cosignature with its own Web
 * Crypto and names the bureau; once the witness is down, a newer checkpoint lacks it and the page says the quorum
 * is missing instead of passing the notice. Screenshots go to SCREENSHOT_DIR when it is set.
 */

describeBrowser('verify page with witnesses, in a real browser (chromium)', () => {
  const saved = { ...process.env };
  let t: TestApp;
  let d: ProjectDriver;
  let base: string;
  let context: BrowserContext;
  let chrome: Awaited<ReturnType<typeof persistentChromium>>;
  let dir: string;
  let witness: StartedWitness;
  let server: Server;

  beforeAll(async () => {
    const county = generateKeyPairSync('ed25519').privateKey;
    process.env.SIGNING_KEY = county.export({ type: 'pkcs8', format: 'pem' }).toString();
    dir = mkdtempSync(join(tmpdir(), 'sl-witness-page-'));
    witness = await startWitness({
      port: 0,
      name: 'audit.yancheng.example/w1',
      dir,
      privateKey: generateKeyPairSync('ed25519').privateKey,
      logs: parseLogKeys(logVkey(COUNTY, createPublicKey(county))),
    });
    server = createWitnessServer(witness.witness);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.WITNESSES = `${witness.witness.vkey} ${url} 郾城区审计局`;
    process.env.WITNESS_TIMEOUT_MS = '1000';
    t = await createTestApp();
    base = await listen(t);
    d = new ProjectDriver(t, await projectTokens(t));
    chrome = await persistentChromium();
    context = chrome.context;
  }, 120_000);

  afterAll(async () => {
    await chrome?.close();
    await t?.close();
    if (server?.listening) await new Promise((r) => server.close(r));
    await witness?.close();
    rmSync(dir, { recursive: true, force: true });
    for (const k of ['SIGNING_KEY', 'WITNESSES', 'WITNESS_TIMEOUT_MS']) delete process.env[k];
    Object.assign(process.env, saved);
  });

  async function open(noticeId: string, shot: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${base}/public/verify/${noticeId}`);
    await page.waitForSelector('#verify[data-result]', { timeout: 20_000 });
    if (process.env.SCREENSHOT_DIR) {
      mkdirSync(process.env.SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, shot), fullPage: true });
    }
    return page;
  }
  const text = async (page: Page, selector: string) => (await page.textContent(selector))?.trim() ?? '';

  it('shows ✓ and names the audit bureau, with its key ID and time, for a witnessed notice', async () => {
    const notice = await publishApplication(d, 'village', { name: '后街村 道路硬化' });
    const cp = await d.post('finance', '/api/v1/ledger/checkpoints', { book: COUNTY }, 201);
    expect(cp.cosignatures).toHaveLength(1);
    const page = await open(notice.id, 'verify-witnessed.png');
    const keyId = parseVkey(witness.witness.vkey).keyId.toString('hex');
    expect(await page.getAttribute('#verify', 'data-result')).toBe('ok');
    expect(await text(page, '#verdict')).toBe('✓ 核验通过，经 郾城区审计局 见证');
    expect(await text(page, '#step-witness .mark')).toBe('✓');
    expect(await text(page, '#step-witness .why')).toMatch(
      new RegExp(`^经 郾城区审计局 见证（公钥编号 ${keyId}，\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}（北京时间））$`),
    );
    await page.close();
  });

  it('says plainly that the quorum is missing when the latest checkpoint was not cosigned (witness down)', async () => {
    await new Promise((r) => server.close(r));
    const notice = await publishApplication(d, 'village', { name: '后街村 文化广场' });
    const cp = await d.post('finance', '/api/v1/ledger/checkpoints', { book: COUNTY }, 201);
    expect(cp.cosignatures).toEqual([]);
    expect(cp.witnesses[0].status).toBe('down');
    const page = await open(notice.id, 'verify-quorum-missing.png');
    expect(await page.getAttribute('#verify', 'data-result')).toBe('pending');
    expect(await text(page, '#verdict')).toContain('见证不足：需要 1 个见证方联署，只核验到 0 个');
    expect(await text(page, '#step-witness .mark')).toBe('…');
    expect(['✓', '✓', '✓']).toEqual([
      await text(page, '#step-content .mark'),
      await text(page, '#step-inclusion .mark'),
      await text(page, '#step-signature .mark'),
    ]);
    expect(await page.textContent('main')).toContain('无法连接');
    await page.close();
  });
});
