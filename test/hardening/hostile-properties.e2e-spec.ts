import fc from 'fast-check';
import { ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { expectErrorShape, ledgerState, roleTokens, writeRoutes } from './hardening-fixtures';
import { bodyArbitrary, send, targetRoute, type TargetRoute } from './hostile-corpus';

/** Fixed, so that a failure is the same failure on every run and on every machine. */
const SEED = 18;
/** Runs per route: 24 routes × 150 bodies take about 20 s on two cores. */
const RUNS = 150;

/**
 * Bodies generated from each write route's schema (fast-check): every field optional, each one
 * either shaped by its schema (an enum value, a date, a string matching the pattern) or any JSON
 * value, with now and then a stray key. The fixed corpus is hostile-input.e2e-spec.ts.
 */
describe('hardening: bodies generated from the OpenAPI schema of every write route', () => {
  let t: TestApp;
  let routes: TargetRoute[];

  beforeAll(async () => {
    t = await createTestApp();
    const tokens = await roleTokens(t);
    const d = new ProjectDriver(t, await projectTokens(t));
    await d.countyFund('50000.00');
    await d.apply();
    routes = [];
    for (const route of await writeRoutes(t)) {
      if (!route.multipart) routes.push(await targetRoute(t, tokens, route));
    }
  });
  afterAll(() => t.close());

  it(`answers ${RUNS} generated bodies a route (seed ${SEED}) with a 4xx of the error shape`, async () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const before = await ledgerState(t);
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(bodyArbitrary(route), async (body) => {
          const res = await send(t, route, { name: 'generated', body });
          try {
            expectErrorShape(res);
          } catch (err) {
            throw new Error(`${res.status} ${route.method} ${route.path}: ${JSON.stringify(res.body)}`, { cause: err });
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    }
    expect(await ledgerState(t)).toEqual(before);
  });
});
