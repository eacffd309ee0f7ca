import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ROLES, type Role } from '../../src/auth/role';
import { ledgerState } from '../hardening/hardening-fixtures';
import { allows, CONSOLE_PERMISSIONS } from '../hardening/permission-table';
import { COUNTY, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { consoleUser, sessionCsrf, signIn, type Agent } from './console-fixtures';

type Layer = { route?: { path: string; methods: Record<string, boolean> } };
const OURS = /^\/console\/(finance|audit)\//;

/**
 * The console's finance and audit routes against the declared table (permission-table.ts CONSOLE_PERMISSIONS):
 * every route the app serves under /console/finance and /console/audit is declared and every declared one is
 * served; then every route × every role, signed in (own region): a refused role gets the 403 page even with a
 * valid, confirmed form; an allowed one gets anything but 401/403/5xx (a form that fails validation, so that
 * nothing is written). The journal and every table are as before.
 */
describe('console: finance and audit routes × roles', () => {
  let t: TestApp;
  const agents = new Map<Role, { agent: Agent; csrf: string }>();
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    const d = new ProjectDriver(t, await projectTokens(t));
    const fund = await d.countyFund('100000.00');
    const project = await d.projectFunded([{ fundId: fund, amount: '100000.00' }]);
    ids = { fund, project };
    for (const role of ROLES) {
      await consoleUser(t, `perm-${role}`, role, COUNTY);
      const agent = request.agent(t.app.getHttpServer());
      expect((await signIn(agent, `perm-${role}`)).status).toBe(303);
      agents.set(role, { agent, csrf: await sessionCsrf(agent) });
    }
  }, 120_000);
  afterAll(() => t.close());

  function served(): string[] {
    const router = (t.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router;
    // A route of a controller has one method; the layers of every method are Nest's middleware (the logger).
    const keys = router.stack.flatMap((l) => {
      const methods = Object.keys(l.route?.methods ?? {});
      return l.route && OURS.test(l.route.path) && methods.length === 1
        ? [`${methods[0].toUpperCase()} ${l.route.path.replace(/\/$/, '')}`]
        : [];
    });
    return [...new Set(keys)];
  }

  it('declares every finance and audit route the app serves, and no route that is gone', () => {
    const declared = Object.keys(CONSOLE_PERMISSIONS).sort();
    const actual = served().sort();
    expect(actual.length).toBeGreaterThan(20);
    expect({ undeclared: actual.filter((k) => !declared.includes(k)) }).toEqual({ undeclared: [] });
    expect({ gone: declared.filter((k) => !actual.includes(k)) }).toEqual({ gone: [] });
  });

  const urlOf = (path: string) =>
    path
      .replace('/funds/:id.xlsx', `/funds/${ids.fund}.xlsx`)
      .replace('/funds/:id', `/funds/${ids.fund}`)
      .replace('/projects/:id', `/projects/${ids.project}`)
      .replace(':id', randomUUID())
      .replace(':file', 'payments.csv')
      .replace(':book/:seq', `${COUNTY}/1`);

  /** A form the page accepts as far as the role goes (valid and confirmed) or one it refuses (empty). */
  const VALID: Record<string, Record<string, string>> = {
    '/console/finance/funds/new': {
      docNo: 'P-1',
      title: 't',
      sourceLevel: 'county',
      regionCode: COUNTY,
      amount: '1.00',
      issuedOn: '2024-01-11',
    },
    '/console/finance/funds/:id/allocate': {
      toRegionCode: COUNTY,
      amount: '1.00',
      docNo: 'P-2',
      issuedOn: '2024-01-11',
    },
    '/console/finance/projects/:id/pay': {
      kind: 'progress',
      amount: '1.00',
      paidOn: '2024-04-01',
      payeeName: 'x',
      payeeType: 'contractor',
      voucherNo: 'P-3',
    },
  };

  it('matches the table for every route and role, and writes nothing', async () => {
    const before = await ledgerState(t);
    const wrong: string[] = [];
    for (const [key, rule] of Object.entries(CONSOLE_PERMISSIONS)) {
      const [method, path] = key.split(' ');
      for (const role of ROLES) {
        const { agent, csrf } = agents.get(role)!;
        const expected = allows(rule, role, 'own');
        let res: request.Response;
        if (method === 'GET') {
          res = await agent.get(urlOf(path)).buffer(true);
        } else if (path.endsWith('/import')) {
          res = await agent.post(`${urlOf(path)}?_csrf=${csrf}`).field('x', '1');
        } else {
          const body = expected ? {} : { ...VALID[path], _confirm: '1' };
          res = await agent
            .post(urlOf(path))
            .type('form')
            .send({ ...body, _csrf: csrf });
        }
        const ok = expected ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === 403;
        if (!ok) wrong.push(`${key} ${role}: expected ${expected ? 'allow' : 403}, got ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await ledgerState(t)).toEqual(before);
  });
});
