import request from 'supertest';
import { COUNTY, VILLAGE } from '../support/project-fixtures';
import { createTestApp, tableCounts, type TestApp } from '../support/test-app';
import { consoleUser, csrfOf, PASSWORD, sessionCsrf, signIn, type Agent } from './console-fixtures';

/** Sessions, cookies and CSRF of the console at the HTTP level. */
describe('console: sign-in, sessions and CSRF (HTTP)', () => {
  let t: TestApp;
  const agent = (): Agent => request.agent(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp();
    await consoleUser(t, 'admin1', 'admin', COUNTY);
    await consoleUser(t, 'clerk1', 'village', VILLAGE);
  });
  afterAll(() => t.close());

  it('sends a signed-out visitor to the login page, and signs in to the 工作台', async () => {
    const a = agent();
    const res = await a.get('/console').expect(303);
    expect(res.headers.location).toBe('/console/login');
    const login = await signIn(a, 'admin1');
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/console');
    const cookie = (login.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('sl_console='))!;
    expect(cookie).toMatch(/; Path=\/console; HttpOnly; SameSite=Strict$/);
    const home = await a.get('/console').expect(200);
    expect(home.text).toContain('工作台');
    expect(home.headers['content-security-policy']).toContain("script-src 'self'");
    expect(home.headers['cache-control']).toBe('no-store');
  });

  it('refuses a wrong password with the same message as an unknown username, and starts no session', async () => {
    const a = agent();
    const wrong = await signIn(a, 'admin1', 'not the password');
    const unknown = await signIn(a, 'nobody-here', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.text).toContain('用户名或密码不正确');
    expect(unknown.text).toContain('用户名或密码不正确');
    expect(wrong.headers['set-cookie'] ?? []).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^sl_console=[^;]/)]),
    );
    await a.get('/console').expect(303);
  });

  it('refuses a POST without the token or with a wrong one (403), and writes nothing', async () => {
    const a = agent();
    await signIn(a, 'admin1');
    const before = await tableCounts(t.db);
    const form = { name: 'x', role: 'village', regionCode: VILLAGE, _confirm: '1' };
    const none = await a.post('/console/admin/users/new').type('form').send(form).expect(403);
    expect(none.text).toContain('无权访问');
    await a
      .post('/console/admin/users/new')
      .type('form')
      .send({ ...form, _csrf: 'x'.repeat(43) })
      .expect(403);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('refuses the login form without its token (login CSRF)', async () => {
    await agent().post('/console/login').type('form').send({ username: 'admin1', password: PASSWORD }).expect(403);
  });

  it('the API does not accept the session cookie, and the console does not accept a bearer token', async () => {
    const a = agent();
    const login = await signIn(a, 'admin1');
    const cookie = (login.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('sl_console='))!;
    await t.http().get('/api/v1/users/me').set('Cookie', cookie.split(';')[0]).expect(401);
    const token = await t.tokenFor('admin', COUNTY);
    await t.http().get('/console').set('Authorization', `Bearer ${token}`).expect(303);
  });

  it('sign-out ends the session on the server: the old cookie leads to the login page', async () => {
    const a = agent();
    const login = await signIn(a, 'admin1');
    const cookie = (login.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('sl_console='))!;
    const csrf = await sessionCsrf(a);
    await a.post('/console/logout').type('form').send({ _csrf: csrf }).expect(303);
    const again = await t.http().get('/console').set('Cookie', cookie.split(';')[0]).expect(303);
    expect(again.headers.location).toBe('/console/login');
  });

  it('an admin creates a user through form → confirm → result', async () => {
    const a = agent();
    await signIn(a, 'admin1');
    const page = await a.get('/console/admin/users/new').expect(200);
    const base = { _csrf: csrfOf(page.text), name: '后街村 文书', role: 'village', regionCode: VILLAGE };
    const bad = await a
      .post('/console/admin/users/new')
      .type('form')
      .send({ ...base, username: 'A B' })
      .expect(400);
    expect(bad.text).toContain('用户名为 3–32 位');
    expect(bad.text).toContain('value="后街村 文书"');
    const fields = { ...base, username: 'houjie-clerk', password: 'a fine first password' };
    const confirm = await a.post('/console/admin/users/new').type('form').send(fields).expect(200);
    expect(confirm.text).toContain('确认提交');
    expect(await t.db.query(`SELECT 1 FROM app_user WHERE username = 'houjie-clerk'`)).toHaveLength(0);
    const done = await a
      .post('/console/admin/users/new')
      .type('form')
      .send({ ...fields, _confirm: '1' })
      .expect(200);
    expect(done.text).toContain('用户已创建');
    const [row] = await t.db.query(`SELECT must_change_password, password_hash FROM app_user WHERE username = $1`, [
      'houjie-clerk',
    ]);
    expect(row.must_change_password).toBe(true);
    expect(row.password_hash).toMatch(/^scrypt\$15\$8\$1\$/);
  });

  it('a village user gets the 403 page on an admin page', async () => {
    const a = agent();
    await signIn(a, 'clerk1');
    const res = await a.get('/console/admin/users').expect(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('无权访问');
  });
});
