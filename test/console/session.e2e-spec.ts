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

  const cookieOf = (res: { headers: Record<string, unknown> }) =>
    (res.headers['set-cookie'] as string[]).find((c) => c.startsWith('sl_console='))!.split(';')[0];

  it('ends a session left idle, and one past its absolute lifetime', async () => {
    const idle = agent();
    await signIn(idle, 'admin1');
    const aged = agent();
    await signIn(aged, 'admin1');
    await idle.get('/console').expect(200);
    await t.db.query(
      `UPDATE console_session SET last_seen_at = now() - interval '31 minutes'
        WHERE id_hash = (SELECT id_hash FROM console_session ORDER BY created_at DESC OFFSET 1 LIMIT 1)`,
    );
    await t.db.query(
      `UPDATE console_session SET expires_at = now() - interval '1 second'
        WHERE id_hash = (SELECT id_hash FROM console_session ORDER BY created_at DESC LIMIT 1)`,
    );
    await idle.get('/console').expect(303);
    await aged.get('/console').expect(303);
  });

  it('POST /users takes a username and an initial password, which must be changed at first sign-in', async () => {
    const admin = { Authorization: `Bearer ${await t.tokenFor('admin', COUNTY)}` };
    const body = { name: '后街村 会计', role: 'village', regionCode: VILLAGE, username: 'hj-kuaiji' };
    const created = await t
      .http()
      .post('/api/v1/users')
      .set(admin)
      .send({ ...body, password: 'an initial password' })
      .expect(201);
    expect(created.body).toMatchObject({ username: 'hj-kuaiji', token: expect.stringMatching(/^sl_/) });
    expect(JSON.stringify(created.body)).not.toContain('an initial password');
    await t
      .http()
      .post('/api/v1/users')
      .set(admin)
      .send({ ...body, password: 'an initial password' })
      .expect(409);
    const refused = await t
      .http()
      .post('/api/v1/users')
      .set(admin)
      .send({ ...body, username: 'hj-2' })
      .expect(400);
    expect(refused.body.message).toContain('设置用户名时须同时设置初始密码');
    await t
      .http()
      .post('/api/v1/users')
      .set(admin)
      .send({ ...body, username: 'hj-3', password: 'short' })
      .expect(400);
    // A token-only user, as before.
    const { name, role, regionCode } = body;
    await t.http().post('/api/v1/users').set(admin).send({ name, role, regionCode }).expect(201);

    const a = agent();
    const login = await signIn(a, 'hj-kuaiji', 'an initial password');
    expect(login.headers.location).toBe('/console');
    expect((await a.get('/console').expect(303)).headers.location).toBe('/console/password');
  });

  it("changing one's password, and an admin's reset, end the user's other sessions", async () => {
    await consoleUser(t, 'changer', 'village', VILLAGE);
    const here = agent();
    const there = agent();
    await signIn(here, 'changer');
    await signIn(there, 'changer');
    const csrf = await sessionCsrf(here, '/console/password');
    const form = { _csrf: csrf, current: PASSWORD, password: 'a brand new secret', repeat: 'a brand new secret' };
    expect((await here.post('/console/password').type('form').send(form).expect(200)).text).toContain('密码已修改');
    await here.get('/console').expect(200);
    await there.get('/console').expect(303);
    await signIn(there, 'changer', PASSWORD).then((r) => expect(r.status).toBe(401));

    const admin = agent();
    await signIn(admin, 'admin1');
    const [{ id }] = await t.db.query(`SELECT id FROM app_user WHERE username = 'changer'`);
    const reset = { _csrf: await sessionCsrf(admin), password: 'reset by the admin 1', _confirm: '1' };
    await admin.post(`/console/admin/users/${id}/password`).type('form').send(reset).expect(200);
    await here.get('/console').expect(303);
    const back = await signIn(here, 'changer', 'reset by the admin 1');
    expect(back.status).toBe(303);
    expect((await here.get('/console').expect(303)).headers.location).toBe('/console/password');
  });

  it('takes about as long for an unknown username as for a wrong password', async () => {
    const time = async (username: string) => {
      const started = process.hrtime.bigint();
      const res = await signIn(agent(), username, 'wrong password!');
      expect(res.status).toBe(401);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      await consoleUser(t, `timed-${i}`, 'village', VILLAGE);
      known.push(await time(`timed-${i}`));
      unknown.push(await time(`nobody-${i}`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
    // Both pay one scrypt (tens of ms); without the dummy hash an unknown name would answer in ~1 ms.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('a signed-in user reaching the login page again gets a new session, the old one ended', async () => {
    const a = agent();
    const first = cookieOf(await signIn(a, 'admin1'));
    const second = cookieOf(await signIn(a, 'admin1'));
    expect(second).not.toBe(first);
    await t.http().get('/console').set('Cookie', first).expect(303);
    await t.http().get('/console').set('Cookie', second).expect(200);
    // A sign-in clears the user's ended sessions (the first one here, and the one signed out above).
    const [{ ended }] = await t.db.query(
      `SELECT count(*)::int AS ended FROM console_session s JOIN app_user u ON u.id = s.user_id
        WHERE u.username = 'admin1' AND s.revoked_at IS NOT NULL`,
    );
    expect(ended).toBe(0);
  });
});
