import { bodyLimitBytes } from '../../src/app.setup';
import { ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { expectErrorShape, ledgerState, roleTokens, writeRoutes } from './hardening-fixtures';
import { corpus, send, targetRoute, type TargetRoute } from './hostile-corpus';

/**
 * A fixed corpus of hostile input for every write route of the OpenAPI document, sent by a caller
 * the route lets in so that the body is really read and validated: missing, extra and prototype
 * keys, wrong types, money and dates spelled every wrong way, 1 MB strings, SQL and HTML, wrong
 * content types, malformed and oversized JSON, bad path ids. Every answer is a 4xx of the error
 * shape, and the books and tables are as they were. Generated bodies: hostile-properties.e2e-spec.ts.
 */
describe('hardening: a fixed corpus of hostile input on every write route', () => {
  let t: TestApp;
  let tokens: Record<string, string>;
  let routes: TargetRoute[];
  const limit = bodyLimitBytes(process.env.BODY_LIMIT || '1mb');

  beforeAll(async () => {
    t = await createTestApp();
    tokens = await roleTokens(t);
    // Something in the books, so that "unchanged" is about real heads.
    const d = new ProjectDriver(t, await projectTokens(t));
    await d.countyFund('50000.00');
    await d.apply();
    routes = [];
    for (const route of await writeRoutes(t)) routes.push(await targetRoute(t, tokens, route));
  });
  afterAll(() => t.close());

  it('answers every attempt with a 4xx of the error shape, zero 5xx, and changes nothing', async () => {
    expect(routes.length).toBeGreaterThanOrEqual(25);
    const before = await ledgerState(t);
    const unexpected: string[] = [];
    let sent = 0;
    for (const route of routes) {
      for (const attempt of corpus(route, limit)) {
        const res = await send(t, route, attempt);
        sent++;
        try {
          expectErrorShape(res);
        } catch {
          const body = JSON.stringify(res.body).slice(0, 200);
          unexpected.push(`${res.status} ${route.method} ${route.path} as ${route.who}: ${attempt.name} → ${body}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
    expect(await ledgerState(t)).toEqual(before);
    // Printed for docs/benchmarks.md: how large the corpus is.
    console.info(`hostile corpus: ${sent} requests over ${routes.length} write routes`);
  });

  it('refuses a body over BODY_LIMIT with 413 and a body sent as the wrong type with 400', async () => {
    const funds = routes.find((r) => r.method === 'post' && r.path === '/api/v1/funds')!;
    const [tooLarge] = corpus(funds, limit).filter((a) => a.name === 'a body over BODY_LIMIT');
    expectErrorShape(await send(t, funds, tooLarge), 413);
    const xml = corpus(funds, limit).find((a) => a.name === 'XML')!;
    expectErrorShape(await send(t, funds, xml), 400);
  });

  it('answers 401 to every route but the public ones when there is no token, whatever the body', async () => {
    const statuses: string[] = [];
    for (const route of routes) {
      for (const attempt of corpus(route, limit).filter((a) => /__proto__|malformed|over BODY_LIMIT/.test(a.name))) {
        const res = await send(t, route, attempt, {});
        if (route.who === 'nobody') expectErrorShape(res);
        else if (res.status !== 401) statuses.push(`${res.status} ${route.method} ${route.path} ${attempt.name}`);
      }
    }
    expect(statuses).toEqual([]);
    expect(routes.filter((r) => r.who === 'nobody').map((r) => r.path)).toEqual(['/api/v1/notices/{id}/objections']);
  });
});
