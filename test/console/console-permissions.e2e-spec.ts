import request from 'supertest';
import { ROLES, type Role } from '../../src/auth/role';
import { ledgerState } from '../hardening/hardening-fixtures';
import { CONSOLE_PERMISSIONS } from '../hardening/permission-table';
import { buildWorld, SIBLING_COUNTY, type World } from '../hardening/permission-world';
import { COUNTY, OTHER_TOWNSHIP, OTHER_VILLAGE, TOWNSHIP, VILLAGE } from '../support/project-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { consoleUser, sessionCsrf, signIn, type Agent } from './console-fixtures';

/** Where each role works: the object of every scoped page lies in VILLAGE, inside all of these. */
const HOME: Record<Role, string> = {
  admin: COUNTY,
  finance: COUNTY,
  program: COUNTY,
  township: TOWNSHIP,
  village: VILLAGE,
  auditor: COUNTY,
};
/** The same roles elsewhere: another village, another township, another county. */
const OUTSIDE: Partial<Record<Role, string>> = {
  village: OTHER_VILLAGE,
  township: OTHER_TOWNSHIP,
  program: SIBLING_COUNTY,
  finance: SIBLING_COUNTY,
  auditor: SIBLING_COUNTY,
};

type Route = { method: 'get' | 'post'; key: string };

/** The app's routes under /console, as "GET /console/village/projects/{id}". */
function consoleRoutes(t: TestApp): Route[] {
  const router = t.app.getHttpAdapter().getInstance().router as {
    stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }>;
  };
  // Nest also answers every other method of a path (405/404 handlers) and a catch-all: only GET and POST
  // are pages; a path is written without its trailing slash.
  const routes = router.stack
    .filter((l) => l.route && l.route.path.startsWith('/console') && !l.route.path.includes('*'))
    .flatMap((l) =>
      (['get', 'post'] as const)
        .filter((m) => l.route!.methods[m] && Object.keys(l.route!.methods).length < 3)
        .map((m) => ({
          method: m,
          key: `${m.toUpperCase()} ${l.route!.path.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1')}`,
        })),
    );
  return [...new Map(routes.map((r) => [r.key, r])).values()];
}

/**
 * Every console route × every role (signed in at its home region), and the allowed role from
 * outside the object's region, against CONSOLE_PERMISSIONS: refused means the 403 page, allowed
 * means anything else. POSTs carry the session's token and no `_confirm`, so nothing is written.
 */
describe('console: the permission matrix of the pages', () => {
  let t: TestApp;
  let w: World;
  let routes: Route[];
  const agents = new Map<string, { agent: Agent; csrf: string }>();

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    routes = consoleRoutes(t);
    const sign = async (who: string, role: Role, region: string) => {
      await consoleUser(t, who, role, region);
      const agent = request.agent(t.app.getHttpServer());
      expect((await signIn(agent, who)).status).toBe(303);
      agents.set(who, { agent, csrf: await sessionCsrf(agent) });
    };
    for (const role of ROLES) await sign(`home-${role}`, role, HOME[role]);
    for (const [role, region] of Object.entries(OUTSIDE)) await sign(`out-${role}`, role as Role, region);
  }, 180_000);
  afterAll(() => t.close());

  function urlOf(key: string, adminUserId: string): string {
    const path = key.split(' ')[1];
    const id = path.includes('/funds/')
      ? w.fund
      : path.includes('/finance/projects/')
        ? w.running
        : path.includes('/households/')
          ? w.household
          : path.includes('/notices/')
            ? w.notice
            : path.includes('/assets/')
              ? w.asset
              : path.includes('/admin/users/')
                ? adminUserId
                : w.applied;
    if (path === '/console/admin/regions') return `${path}?parent=${COUNTY}`;
    const step = path.startsWith('/console/village/assets')
      ? 'income'
      : path.startsWith('/console/program/assets')
        ? 'transfer'
        : 'approve';
    const query = path.endsWith('notice-preview')
      ? path.includes('/village/')
        ? '?type=application'
        : '?type=approval'
      : '';
    return (
      path
        .replace('{id}', id)
        .replace('{oid}', w.objection)
        .replace('{step}', step)
        .replace('{name}', 'console.css')
        .replace('{file}', 'funds.csv')
        .replace('{book}', COUNTY)
        .replace('{seq}', String(w.entrySeq)) + query
    );
  }

  it('declares every console route, and no route that is gone', () => {
    const declared = Object.keys(CONSOLE_PERMISSIONS).sort();
    const present = [...new Set(routes.map((r) => r.key))].sort();
    expect({ missing: present.filter((k) => !declared.includes(k)) }).toEqual({ missing: [] });
    expect({ gone: declared.filter((k) => !present.includes(k)) }).toEqual({ gone: [] });
  });

  it('the table never lets the auditor write, but to its own account', () => {
    for (const [key, rule] of Object.entries(CONSOLE_PERMISSIONS)) {
      if (rule.public || key.startsWith('GET ') || /\/(logout|password)$/.test(key)) continue;
      expect({ key, auditor: rule.roles.includes('auditor') }).toEqual({ key, auditor: false });
    }
  });

  it('sends a caller without a session to the sign-in page from every page but the public ones', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const rule = CONSOLE_PERMISSIONS[r.key];
      if (!rule || rule.public) continue;
      const anonymous = request(t.app.getHttpServer());
      const url = urlOf(r.key, w.applied);
      const res = r.method === 'get' ? await anonymous.get(url) : await anonymous.post(url).type('form').send({});
      if (res.status !== 303 || !res.headers.location?.startsWith('/console/login'))
        wrong.push(`${r.key}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('matches the table for every route × role, and refuses scoped pages to the same role elsewhere', async () => {
    const before = await ledgerState(t);
    const [user] = await t.db.query(`SELECT id FROM app_user WHERE username = 'home-village'`);
    const wrong: string[] = [];
    let cells = 0;
    const call = async (who: string, r: Route) => {
      const { agent, csrf } = agents.get(who)!;
      const url = urlOf(r.key, user.id as string);
      return r.method === 'get' ? agent.get(url) : agent.post(url).type('form').send({ _csrf: csrf });
    };
    for (const r of routes) {
      const rule = CONSOLE_PERMISSIONS[r.key];
      if (!rule || rule.public || r.key === 'POST /console/logout' || r.key === 'POST /console/password') continue;
      for (const role of ROLES) {
        const res = await call(`home-${role}`, r);
        cells++;
        const allowed = rule.roles.includes(role);
        if (allowed === (res.status === 403) || res.status >= 500) wrong.push(`${r.key} ${role}: ${res.status}`);
      }
      if (!rule.scoped) continue;
      for (const role of rule.roles) {
        if (!OUTSIDE[role]) continue;
        const res = await call(`out-${role}`, r);
        cells++;
        if (res.status !== 403) wrong.push(`${r.key} ${role} from outside: ${res.status}`);
        else if (!res.text.includes('无权访问')) wrong.push(`${r.key} ${role} from outside: not the 403 page`);
      }
    }
    expect(cells).toBeGreaterThan(routes.length * ROLES.length * 0.8);
    console.info(`console permission matrix: ${routes.length} routes, ${cells} cells`);
    expect(wrong).toEqual([]);
    expect(await ledgerState(t)).toEqual(before);
  }, 300_000);
});
