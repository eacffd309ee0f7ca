import JSZip from 'jszip';
import { FUND_HEADER, xlsx } from '../excel/xlsx-fixtures';
import { publishApplication, TODAY } from '../public/public-fixtures';
import { COUNTY, ProjectDriver, projectBody, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import {
  asFirstAdmitted,
  everyStringAs,
  expectErrorShape,
  ledgerState,
  roleTokens,
  writeRoutes,
} from './hardening-fixtures';

/**
 * PostgreSQL text cannot hold U+0000: a name with NUL in it answered 500 (POST /projects). No text
 * field anywhere takes NUL, the other C0/C1 control characters, DEL or an unpaired surrogate; tab
 * and line breaks stay allowed (src/common/validation/plain-text.ts).
 */
describe('hardening: control characters and unpaired surrogates in text', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let tokens: Record<string, string>;
  let village: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    tokens = await roleTokens(t);
    d = new ProjectDriver(t, await projectTokens(t));
    village = d.as('village');
    await d.countyFund('50000.00');
  });
  afterAll(() => t.close());

  // As JSON text, so that an unpaired surrogate arrives as the escape a client would send.
  const projectJson = (name: string) => JSON.stringify(projectBody({ name: 'NAME' })).replace('"NAME"', name);

  it.each([
    ['NUL', '"后街村\\u0000光伏"', 'U+0000'],
    ['a C0 control (ESC)', '"后街村\\u001b[31m光伏"', 'U+001B'],
    ['DEL', '"后街村\\u007f"', 'U+007F'],
    ['a C1 control (NEL)', '"后街村\\u0085"', 'U+0085'],
    ['an unpaired high surrogate', '"后街村\\ud83d光伏"', 'U+D83D'],
    ['an unpaired low surrogate', '"\\ude00后街村"', 'U+DE00'],
  ])(
    'POST /projects with %s in the name: 400 VALIDATION_FAILED naming the field, nothing written',
    async (_, name, char) => {
      const before = await ledgerState(t);
      const res = await t
        .http()
        .post('/api/v1/projects')
        .set(village)
        .set('Content-Type', 'application/json')
        .send(projectJson(name));
      expectErrorShape(res, 400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'name' }] });
      expect(res.body.message).toContain(char);
      expect(await ledgerState(t)).toEqual(before);
    },
  );

  it('keeps tab, line breaks and characters outside the BMP (a surrogate pair) as they were sent', async () => {
    const content = '第一行\r\n第二行\t缩进 🌞';
    const res = await t
      .http()
      .post('/api/v1/projects')
      .set(village)
      .send(projectBody({ name: '后街村 🌞 光伏电站', content }))
      .expect(201);
    const stored = await d.project(res.body.id);
    expect(stored).toMatchObject({ name: '后街村 🌞 光伏电站', content });
  });

  it('names each text field holding NUL, on every OpenAPI write route: 400, zero 5xx, nothing changed', async () => {
    const routes = (await writeRoutes(t)).filter((r) => !r.multipart);
    const before = await ledgerState(t);
    let covered = 0;
    for (const route of routes) {
      const { body, fields } = everyStringAs(route, '文本\u0000');
      if (fields.length === 0) continue;
      covered++;
      const admitted = await asFirstAdmitted(tokens, (auth) => t.http()[route.method](route.url).set(auth).send(body));
      if (!admitted) throw new Error(`${route.method} ${route.path}: no role got past the access guard`);
      expectErrorShape(admitted.res, 400);
      const named = (admitted.res.body.details as Array<{ field: string }>).map((p) => p.field).sort();
      expect({ route: route.path, named }).toEqual({ route: route.path, named: [...fields].sort() });
    }
    expect(covered).toBeGreaterThanOrEqual(15);
    expect(await ledgerState(t)).toEqual(before);
  });

  it('refuses NUL in a query string, a path parameter and the public objection form', async () => {
    const query = await t.http().get('/api/v1/funds').query({ cursor: 'abc\u0000' }).set(d.as('finance'));
    expectErrorShape(query, 400);
    expect(query.body.details).toEqual([expect.objectContaining({ field: 'cursor' })]);

    const path = await t.http().get('/api/v1/regions/4111%00').set(d.as('finance'));
    expectErrorShape(path, 400);

    const notice = await publishApplication(d, 'village', {});
    const before = await ledgerState(t);
    const form = await t
      .http()
      .post(`/api/v1/notices/${notice.id}/objections`)
      .type('form')
      .send({ summary: '公示金额与实际不符\u0000', receivedOn: TODAY });
    expectErrorShape(form, 400);
    expect(form.body.details).toEqual([expect.objectContaining({ field: 'summary' })]);
    expect(await ledgerState(t)).toEqual(before);
    // The same form without the NUL, with a line break, is taken.
    await t
      .http()
      .post(`/api/v1/notices/${notice.id}/objections`)
      .type('form')
      .send({ summary: '公示金额与实际不符\r\n请核实', receivedOn: TODAY })
      .expect(201);
  });

  it('refuses a JSON body or form that is not valid UTF-8 instead of storing U+FFFD in its place', async () => {
    const before = await ledgerState(t);
    const name = Buffer.from('西关村', 'utf8');
    const broken = Buffer.concat([
      Buffer.from('{"code":"411103100298","name":"'),
      name.subarray(0, 4), // half of 关: a lead byte without its continuation
      Buffer.from('","level":"village","parentCode":"411103100000"}'),
    ]);
    const json = await t
      .http()
      .post('/api/v1/regions')
      .set('Authorization', `Bearer ${tokens.admin}`)
      .set('Content-Type', 'application/json')
      .serialize((bytes: unknown) => bytes as string) // as they are, not as JSON of a Buffer
      .send(broken);
    expectErrorShape(json, 400);
    expect(json.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('UTF-8') });

    const form = await t
      .http()
      .post('/api/v1/regions')
      .set('Authorization', `Bearer ${tokens.admin}`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .serialize((bytes: unknown) => bytes as string)
      .send(
        Buffer.concat([
          Buffer.from('code=411103100298&name='),
          Buffer.from([0xe8, 0xa5]),
          Buffer.from('&level=village'),
        ]),
      );
    expectErrorShape(form, 400);
    expect(form.body.message).toContain('UTF-8');
    expect(await ledgerState(t)).toEqual(before);
  });

  it('refuses an imported cell whose _x0000_ decodes to NUL: 422 IMPORT_REJECTED naming row and column', async () => {
    const file = await xlsx(FUND_HEADER, [['郾财〔2024〕NULMARK号', '标题', '中央', 100, '2024-03-15', null, COUNTY]]);
    const zip = await JSZip.loadAsync(file);
    const strings = 'xl/sharedStrings.xml';
    zip.file(strings, (await zip.file(strings)!.async('string')).replace('NULMARK', '_x0000_'));
    const hostile = await zip.generateAsync({ type: 'nodebuffer' });

    const before = await ledgerState(t);
    const res = await t.http().post('/api/v1/funds/import').set(d.as('finance')).attach('file', hostile, 'funds.xlsx');
    expectErrorShape(res, 422);
    expect(res.body).toMatchObject({ code: 'IMPORT_REJECTED', details: { problems: [{ row: 2 }] } });
    expect(res.body.details.problems[0].reason).toContain('U+0000');
    expect(await ledgerState(t)).toEqual(before);
  });
});
