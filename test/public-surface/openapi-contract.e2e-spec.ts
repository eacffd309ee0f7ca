import Ajv from 'ajv';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../support/test-app';

type Operation = {
  operationId: string;
  summary?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ in: string; name: string }>;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
  security?: unknown;
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** A path with its parameters filled by values of the right shape (that point at nothing). */
function fill(path: string): string {
  const values: Record<string, string> = { code: '411103000000', regionCode: '411103', book: '411103', seq: '1' };
  return path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === 'year'
      ? '2024'
      : name === 'file'
        ? 'payments.csv'
        : (values[name] ?? '00000000-0000-4000-8000-000000000000'),
  );
}

/**
 * The OpenAPI document as a contract: lint-clean under Redocly's recommended rules, every operation
 * with a summary and its error responses in the error schema, and its security as the running app
 * enforces it — a private operation answers 401 without a token, a public one does not.
 */
describe('public surface: the OpenAPI document is a contract', () => {
  let t: TestApp;
  let doc: Document;
  const operations: Array<{ method: string; path: string; op: Operation }> = [];

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http().get('/docs-json').expect(200)).body as Document;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) if (item[method]) operations.push({ method, path, op: item[method] });
    }
  });
  afterAll(() => t?.close());

  it('passes `redocly lint` (recommended rules, redocly.yaml) with no error and no warning', () => {
    // Where `npm run lint:openapi` writes it: .redocly.lint-ignore.yaml names the document by that path.
    mkdirSync(join(process.cwd(), '.openapi'), { recursive: true });
    writeFileSync(join(process.cwd(), '.openapi', 'openapi.json'), JSON.stringify(doc, null, 2));
    const run = spawnSync('node_modules/.bin/redocly', ['lint', '.openapi/openapi.json', '--format', 'summary'], {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    const out = `${run.stdout}\n${run.stderr}`;
    expect(out.split('\n').filter((l) => /^(error|warning)\s/.test(l))).toEqual([]);
    expect(out).toContain('1 problem is explicitly ignored');
    expect(run.status).toBe(0);
  });

  it('every operation has a summary, a 4xx response, and its error responses in the error schema', () => {
    expect(operations.length).toBeGreaterThan(60);
    expect(doc.components.schemas.ErrorBody).toBeDefined();
    for (const { method, path, op } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect({ where, summary: typeof op.summary === 'string' && op.summary.length > 3 }).toEqual({
        where,
        summary: true,
      });
      const errors = Object.keys(op.responses).filter((s) => /^[45]\d\d$/.test(s) && s !== '503');
      if (path !== '/health')
        expect({ where, has4xx: errors.some((s) => s.startsWith('4')) }).toEqual({ where, has4xx: true });
      for (const status of errors) {
        const ref = op.responses[status].content?.['application/json']?.schema?.$ref;
        expect({ where, status, ref }).toEqual({ where, status, ref: '#/components/schemas/ErrorBody' });
      }
    }
  });

  it('security as enforced: private operations answer 401 with no token (documented), public ones do not', async () => {
    const validate = new Ajv({ strict: false }).compile(doc.components.schemas.ErrorBody);
    const mismatches: string[] = [];
    for (const { method, path, op } of operations) {
      const res = await (
        t.http() as unknown as Record<string, (url: string) => Promise<{ status: number; body: unknown }>>
      )[method](fill(path));
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      const where = `${method.toUpperCase()} ${path} → ${res.status}`;
      if (isPublic && res.status === 401) mismatches.push(`${where}: marked public`);
      if (!isPublic) {
        if (res.status !== 401) mismatches.push(`${where}: private, expected 401`);
        if (!op.responses['401']) mismatches.push(`${where}: 401 not documented`);
        if (!validate(res.body)) mismatches.push(`${where}: body not an ErrorBody`);
        if (JSON.stringify(op.security) !== JSON.stringify([{ bearer: [] }])) mismatches.push(`${where}: no bearer`);
      }
      if (res.status >= 400 && res.status !== 503 && !op.responses[String(res.status)]) {
        mismatches.push(`${where}: status not documented`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
