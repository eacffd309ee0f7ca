import request from 'supertest';
import { ROLES, type Role } from '../../src/auth/role';
import { RegionsService } from '../../src/regions/regions.service';
import { consoleUser, csrfOf, signIn, type Agent } from '../console/console-fixtures';
import { CITY, COUNTY, OTHER_TOWNSHIP, VILLAGE } from '../support/project-fixtures';
import { createTestApp, tableCounts, type TestApp } from '../support/test-app';
import { allows, CONSOLE_PERMISSIONS, RELATIONS, type Relation } from './permission-table';
import { SIBLING_COUNTY } from './permission-world';

const REGION_OF: Record<Relation, string> = {
  own: COUNTY,
  parent: CITY,
  sibling: SIBLING_COUNTY,
  child: OTHER_TOWNSHIP,
};

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/**
 * Every console route × every role × where the user's region stands to the county (own, parent,
 * sibling, child) and signed out, against the running app, compared with CONSOLE_PERMISSIONS.
 * Allowed: anything but 403 and the redirect to the login page; refused: 403 (signed out: 303 to
 * /console/login). Forms are posted with the token but without `_confirm`, so nothing is written.
 */
describe('hardening: the console permission matrix', () => {
  let t: TestApp;
  let routes: Array<{ method: string; path: string; key: string }>;
  const agents = new Map<string, { agent: Agent; csrf: string }>();
  let countyUser: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(RegionsService).upsertMany([{ code: SIBLING_COUNTY, name: '源汇区', parentCode: CITY }]);
    countyUser = (await consoleUser(t, 'the-object', 'village', VILLAGE)).id;
    for (const relation of RELATIONS) {
      for (const role of ROLES) {
        const username = `${role}-${relation}`;
        await consoleUser(t, username, role, REGION_OF[relation]);
        const agent = request.agent(t.app.getHttpServer());
        expect((await signIn(agent, username)).status).toBe(303);
        agents.set(username, { agent, csrf: csrfOf((await agent.get('/console/password').expect(200)).text) });
      }
    }
    const stack = (t.app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } }).router.stack;
    routes = stack
      // A handler's route has its one method; Nest adds all-method layers beside them (prefix exclusion).
      .filter((l) => l.route?.path.startsWith('/console') && Object.keys(l.route.methods).length === 1)
      .flatMap((l) =>
        Object.keys(l.route!.methods).map((m) => ({
          method: m.toUpperCase(),
          path: l.route!.path,
          key: `${m.toUpperCase()} ${l.route!.path}`,
        })),
      );
  }, 180_000);
  afterAll(() => t.close());

  const urlOf = (path: string) =>
    path
      .replace(':id', countyUser)
      .replace(':name', 'console.css')
      .replace(/\/admin\/regions$/, `/admin/regions?parent=${COUNTY}`);

  it('declares every console route, and no route that is gone', () => {
    const declared = Object.keys(CONSOLE_PERMISSIONS).sort();
    const routed = routes.map((r) => r.key).sort();
    expect({ missing: routed.filter((k) => !declared.includes(k)) }).toEqual({ missing: [] });
    expect({ gone: declared.filter((k) => !routed.includes(k)) }).toEqual({ gone: [] });
  });

  it('the table never lets the auditor write, but to its own account', () => {
    for (const [key, rule] of Object.entries(CONSOLE_PERMISSIONS)) {
      if (rule.public || key.startsWith('GET ') || /\/(logout|password)$/.test(key)) continue;
      expect({ key, auditor: rule.roles.includes('auditor') }).toEqual({ key, auditor: false });
    }
  });

  it('matches the table in every cell: route × role × region relation, and signed out', async () => {
    const before = await tableCounts(t.db);
    const wrong: string[] = [];
    for (const { method, path, key } of routes) {
      // Sign-out ends the session it is sent with, and the login form wants its own pre-session token:
      // both are covered by test/console/session.e2e-spec.ts.
      if (key === 'POST /console/logout' || key === 'POST /console/login') continue;
      const rule = CONSOLE_PERMISSIONS[key];
      const url = urlOf(path);
      const cases: Array<[Role | undefined, Relation]> = [
        [undefined, 'own'],
        ...ROLES.flatMap((role) => RELATIONS.map((rel) => [role, rel] as [Role, Relation])),
      ];
      for (const [role, relation] of cases) {
        const who = role ? agents.get(`${role}-${relation}`)! : { agent: request(t.app.getHttpServer()), csrf: '' };
        const res =
          method === 'GET'
            ? await who.agent.get(url)
            : await who.agent.post(url).type('form').send({ _csrf: who.csrf, current: 'not my password' });
        const toLogin = res.status === 303 && res.headers.location?.startsWith('/console/login');
        const expected = allows(rule, role, relation);
        const ok = expected ? res.status !== 403 && !toLogin : role ? res.status === 403 : toLogin;
        if (!ok || res.status >= 500) {
          wrong.push(`${key} ${role ? `${role}@${relation}` : 'signed out'}: expected ${expected}, got ${res.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    const after = await tableCounts(t.db);
    // Pages read; only the sessions' last-seen times and the sign-in counters may have moved.
    expect({ ...after, rate_limit: 0 }).toEqual({ ...before, rate_limit: 0 });
  }, 300_000);
});
