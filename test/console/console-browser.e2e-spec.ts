import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { consoleSignIn, describeBrowser, freshPage, launchChromium, listen } from '../support/browser';
import type { Role } from '../../src/auth/role';
import { COUNTY, OTHER_TOWNSHIP, ProjectDriver, projectTokens, TOWNSHIP, VILLAGE } from '../support/project-fixtures';
import { createTestApp, tableCounts, type TestApp } from '../support/test-app';
import { addDays } from '../../src/notices/dto/notice.dto';
import { publishApplication, TODAY } from '../public/public-fixtures';
import { consoleUser, PASSWORD } from './console-fixtures';

/**
 * The console in Debian's chromium: sign-in, the forced password change, the lock, cookie flags,
 * CSRF, sign-out, disabling a user, the 403 page — with no console error or CSP violation on any page.
 * CONSOLE_SCREENSHOTS=docs/console also writes the screenshots of the docs.
 */
const SHOTS = process.env.CONSOLE_SCREENSHOTS;

describeBrowser('console in a real browser (chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t);
    // Something on every 工作台: a paid project in progress, one to review, one to approve (year 2024).
    const d = new ProjectDriver(t, await projectTokens(t));
    const fund = await d.countyFund('1000000.00');
    const paid = await d.projectFunded([{ fundId: fund, amount: '200000.00' }]);
    await d.pay(paid, { amount: '12345.67' });
    await d.apply({ name: '后街村 道路硬化 1.2 公里' });
    await d.review(await d.apply({ name: '后街村 灌溉机井 6 眼' }));
    // For the village: a notice whose period has ended, and an objection to answer on a current one.
    const ended = { start: addDays(TODAY, -10), end: addDays(TODAY, -3) };
    await publishApplication(d, 'village', { name: '后街村 村史馆修缮', appliedOn: ended.start }, ended);
    const current = await publishApplication(d, 'village', { name: '后街村 文化广场', appliedOn: TODAY });
    await t
      .http()
      .post(`/api/v1/notices/${current.id}/objections`)
      .send({ summary: '受益户名单有误', receivedOn: TODAY })
      .expect(201);
    const users: Array<[string, Role, string, string]> = [
      ['admin', 'admin', COUNTY, '郾城区 系统管理员'],
      ['finance', 'finance', COUNTY, '郾城区财政局 王会计'],
      ['program', 'program', COUNTY, '郾城区乡村振兴局 李科长'],
      ['township', 'township', TOWNSHIP, '城关镇 张干事'],
      ['village', 'village', VILLAGE, '后街村 文书'],
      ['auditor', 'auditor', COUNTY, '郾城区审计局 赵审计'],
      ['t-admin', 'admin', TOWNSHIP, '城关镇 管理员'],
      ['locky', 'village', VILLAGE, '后街村 会计'],
      ['victim', 'village', VILLAGE, '后街村 出纳'],
    ];
    for (const [username, role, region, name] of users) await consoleUser(t, username, role, region, { name });
    await consoleUser(t, 'newbie', 'village', VILLAGE, { mustChange: true });
    browser = await launchChromium();
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => expect(errors.splice(0)).toEqual([]));

  const open = (viewport?: { width: number; height: number }) => freshPage(browser, errors, viewport && { viewport });
  const signIn = (page: Page, username: string, password = PASSWORD) => consoleSignIn(page, base, username, password);

  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };

  it('signs in to the 工作台, with the cookie HttpOnly, SameSite=Strict and Path=/console', async () => {
    const page = await open();
    await page.goto(`${base}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await shot(page, 'login');
    await signIn(page, 'finance');
    expect(new URL(page.url()).pathname).toBe('/console');
    expect(await page.textContent('h1')).toBe('工作台');
    const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'sl_console');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/console', secure: false });
    await page.goto(`${base}/console?year=2024`);
    expect(await page.textContent('main')).toContain('12,345.67 元');
    expect(await page.textContent('main')).toContain('后街村 200 千瓦光伏电站');
    await shot(page, 'home-finance');
  });

  it('each role has its 工作台 with what waits for it', async () => {
    const waits: Array<[string, string]> = [
      ['township', '后街村 道路硬化 1.2 公里'],
      ['program', '后街村 灌溉机井 6 眼'],
      ['village', '后街村 村史馆修缮'],
      ['village', '后街村 文化广场'],
      ['auditor', '资金到位'],
      ['admin', '资金到位'],
    ];
    for (const [user, text] of waits) {
      const page = await open();
      await signIn(page, user);
      await page.goto(`${base}/console?year=${user === 'village' ? TODAY.slice(0, 4) : 2024}`);
      expect({ user, has: (await page.textContent('main'))?.includes(text) }).toEqual({ user, has: true });
      await shot(page, `home-${user}`);
      await page.context().close();
    }
  });

  it('a wrong password shows the error and starts no session; five in a row lock the username', async () => {
    const page = await open();
    await signIn(page, 'locky', 'wrong password 1');
    expect(await page.textContent('[role=alert]')).toContain('用户名或密码不正确');
    expect(await page.inputValue('#f-username')).toBe('locky');
    expect((await page.context().cookies()).some((c) => c.name === 'sl_console')).toBe(false);
    for (let i = 2; i <= 5; i++) await signIn(page, 'locky', `wrong password ${i}`);
    await signIn(page, 'locky');
    expect(await page.textContent('[role=alert]')).toContain('暂时锁定');
    expect((await page.context().cookies()).some((c) => c.name === 'sl_console')).toBe(false);
  }, 60_000);

  it('the first sign-in with an admin-set password goes to the password change first', async () => {
    const page = await open({ width: 390, height: 844 });
    await signIn(page, 'newbie');
    expect(new URL(page.url()).pathname).toBe('/console/password');
    await page.goto(`${base}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/password');
    await page.fill('#f-current', PASSWORD);
    await page.fill('#f-password', 'short');
    await page.fill('#f-repeat', 'short');
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    expect(await page.textContent('#f-password-error')).toContain('至少 10 个字符');
    await page.fill('#f-current', PASSWORD);
    await page.fill('#f-password', 'my own new password');
    await page.fill('#f-repeat', 'my own new password');
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    expect(await page.textContent('main')).toContain('密码已修改');
    await page.goto(`${base}/console`);
    expect(await page.textContent('h1')).toBe('工作台');
    await shot(page, 'home-village-phone');
  });

  it('refuses a POST without the CSRF token (403) and writes nothing', async () => {
    const page = await open();
    await signIn(page, 'admin');
    const before = await tableCounts(t.db);
    const res = await page.context().request.post(`${base}/console/admin/users/new`, {
      form: { name: 'csrf test', role: 'village', regionCode: VILLAGE, _confirm: '1' },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('CSRF');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('an admin lists users and creates one; disabling a user ends its session at once', async () => {
    const victim = await open();
    await signIn(victim, 'victim');
    expect(await victim.textContent('h1')).toBe('工作台');

    const admin = await open();
    await signIn(admin, 'admin');
    await admin.goto(`${base}/console/admin/users/new`);
    await admin.fill('#f-name', '后街村 会计');
    await admin.selectOption('#f-role', 'village');
    await admin.fill('#f-regionCode', VILLAGE);
    await admin.fill('#f-username', 'houjie-kj');
    await admin.fill('#f-password', 'first password here');
    await Promise.all([admin.waitForNavigation(), admin.click('main button[type=submit]')]);
    expect(await admin.textContent('main')).toContain('确认新建用户');
    await Promise.all([admin.waitForNavigation(), admin.click('button[name=_confirm]')]);
    expect(await admin.textContent('main')).toContain('用户已创建');

    await admin.goto(`${base}/console/admin/users`);
    await shot(admin, 'admin-users');
    const [victimUser] = await t.db.query(`SELECT id FROM app_user WHERE username = 'victim'`);
    await admin.goto(`${base}/console/admin/users/${victimUser.id}/disable`);
    await Promise.all([admin.waitForNavigation(), admin.click('button[name=_confirm]')]);
    expect(await admin.textContent('main')).toContain('用户已停用');

    await victim.reload();
    expect(new URL(victim.url()).pathname).toBe('/console/login');
  });

  it('sign-out ends the session: the old cookie leads to the login page', async () => {
    const page = await open();
    await signIn(page, 'program');
    const cookies = await page.context().cookies();
    await Promise.all([page.waitForNavigation(), page.click('header button[type=submit]')]);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    const other = await open();
    await other.context().addCookies(cookies);
    await other.goto(`${base}/console`);
    expect(new URL(other.url()).pathname).toBe('/console/login');
  });

  it('shows the 403 page for a page of another region or another role', async () => {
    const page = await open();
    await signIn(page, 't-admin');
    const res = await page.goto(`${base}/console/admin/regions?parent=${OTHER_TOWNSHIP}`);
    expect(res?.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('无权访问');
    const own = await page.goto(`${base}/console/admin/regions`);
    expect(own?.status()).toBe(200);
    const village = await open();
    await signIn(village, 'village');
    const refused = await village.goto(`${base}/console/admin/users`);
    expect(refused?.status()).toBe(403);
    expect(await village.textContent('main')).toContain('您的角色无权使用此页面');
    await shot(village, 'forbidden');
  });
});
