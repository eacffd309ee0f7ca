import { ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { asFirstAdmitted, expectErrorShape, ledgerState, roleTokens, writeRoutes } from './hardening-fixtures';

/**
 * A JSON body of tens of thousands of brackets parses, but everything after the parser that walks
 * it recursively (class-transformer, validation) overflowed the stack: 500 on every POST route.
 * Every write route of the OpenAPI document, as a caller the access guard lets in, must answer 400
 * and leave the books and tables as they were.
 */
describe('hardening: deeply nested JSON bodies', () => {
  let t: TestApp;
  let tokens: Record<string, string>;
  const DEPTH = 50_000;
  const BODIES = {
    arrays: '['.repeat(DEPTH) + ']'.repeat(DEPTH),
    objects: '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH),
    // Deep but unbalanced, as a truncated upload would be: refused for its depth before it is found malformed.
    truncated: '[{"a":'.repeat(DEPTH),
  };

  beforeAll(async () => {
    t = await createTestApp();
    tokens = await roleTokens(t);
    // Something in the books, so that "unchanged" is about real heads.
    const d = new ProjectDriver(t, await projectTokens(t));
    await d.countyFund('50000.00');
    await d.apply();
  });
  afterAll(() => t.close());

  it('answers 400 VALIDATION_FAILED on every write route of the OpenAPI doc, zero 5xx, nothing changed', async () => {
    const routes = await writeRoutes(t);
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const before = await ledgerState(t);
    const seen: string[] = [];
    for (const route of routes) {
      for (const [name, body] of Object.entries(BODIES)) {
        const admitted = await asFirstAdmitted(tokens, async (auth) => {
          const res = await t
            .http()
            [route.method](route.url)
            .set(auth)
            .set('Content-Type', 'application/json')
            .send(body);
          seen.push(`${res.status} ${route.method} ${route.path} ${name}`);
          return res;
        });
        if (!admitted) throw new Error(`${route.method} ${route.path}: no role got past the access guard`);
        expectErrorShape(admitted.res);
        if (!route.multipart) {
          expect({ route: route.path, name, status: admitted.res.status, body: admitted.res.body }).toMatchObject({
            status: 400,
            body: { code: 'VALIDATION_FAILED', message: expect.stringContaining('nested deeper') },
          });
        }
      }
    }
    expect(seen.filter((s) => s.startsWith('5'))).toEqual([]);
    expect(await ledgerState(t)).toEqual(before);
  });

  it('still reads a body nested as deep as a real one, and a deep string is just a string', async () => {
    const res = await t
      .http()
      .post('/api/v1/regions')
      .set('Authorization', `Bearer ${tokens.admin}`)
      .send({ code: '411103100299', name: `${'['.repeat(5000)}村`, level: 'village', parentCode: '411103100000' });
    // The name is too long for a region, which proves the body was parsed and reached the DTO.
    expectErrorShape(res, 400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'name' })]);
  });
});
