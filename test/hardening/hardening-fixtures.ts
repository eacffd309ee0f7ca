import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { ROLES } from '../../src/auth/role';
import { COUNTY, PROVINCE, TOWNSHIP, VILLAGE } from '../support/project-fixtures';
import { tableCounts, type TestApp } from '../support/test-app';

/** One token per role, each in the region where that role works in the demo county. */
export async function roleTokens(t: TestApp): Promise<Record<string, string>> {
  const home: Record<string, string> = {
    admin: PROVINCE,
    finance: COUNTY,
    program: COUNTY,
    township: TOWNSHIP,
    village: VILLAGE,
    auditor: COUNTY,
  };
  const tokens: Record<string, string> = {};
  for (const role of ROLES) tokens[role] = await t.tokenFor(role, home[role]);
  return tokens;
}

type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; items?: Schema; allOf?: Schema[] };

export interface WriteRoute {
  method: 'post' | 'put' | 'patch' | 'delete';
  /** As the OpenAPI document spells it, e.g. /api/v1/projects/{id}/review. */
  path: string;
  /** The path with its parameters filled: a fresh UUID, the county's book, sequence 1. */
  url: string;
  multipart: boolean;
  schema?: Schema;
  components: Record<string, Schema>;
}

const PARAM_VALUES: Record<string, () => string> = { book: () => COUNTY, seq: () => '1' };

/** Every operation in the OpenAPI document that is not a read, so a new route is covered without editing a test. */
export async function writeRoutes(t: TestApp): Promise<WriteRoute[]> {
  const doc = (await t.http().get('/docs-json').expect(200)).body as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
    components?: { schemas?: Record<string, Schema> };
  };
  const routes: WriteRoute[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      routes.push({
        method: method as WriteRoute['method'],
        path,
        url: path.replace(/\{(\w+)\}/g, (_, name: string) => (PARAM_VALUES[name] ?? randomUUID)()),
        multipart: 'multipart/form-data' in content,
        schema: content['application/json']?.schema,
        components: doc.components?.schemas ?? {},
      });
    }
  }
  return routes;
}

/**
 * A body for the route's JSON schema where every string field, nested ones included, holds `text`;
 * with the dotted path of each such field. Fields of other types are left out: the point is the text.
 */
export function everyStringAs(route: WriteRoute, text: string): { body: Record<string, unknown>; fields: string[] } {
  const fields: string[] = [];
  const resolve = (s: Schema | undefined, depth: number): Schema | undefined => {
    if (!s || depth > 10) return undefined;
    if (s.$ref) return resolve(route.components[s.$ref.split('/').pop()!], depth + 1);
    if (s.allOf?.length === 1) return resolve(s.allOf[0], depth + 1);
    return s;
  };
  const build = (s: Schema | undefined, path: string, depth: number): unknown => {
    const schema = resolve(s, depth);
    if (!schema || depth > 10) return undefined;
    if (schema.type === 'string') {
      fields.push(path);
      return text;
    }
    if (schema.type === 'array') {
      const item = build(schema.items, `${path}.0`, depth + 1);
      return item === undefined ? undefined : [item];
    }
    if (schema.properties) {
      const entries = Object.entries(schema.properties)
        .map(([key, sub]) => [key, build(sub, path ? `${path}.${key}` : key, depth + 1)] as const)
        .filter(([, v]) => v !== undefined);
      return entries.length > 0 ? Object.fromEntries(entries) : undefined;
    }
    return undefined;
  };
  const body = (build(route.schema, '', 0) as Record<string, unknown> | undefined) ?? {};
  return { body, fields };
}

/**
 * Sends the request with no token, then with each role's token, and answers the first response
 * that got past the access guard (not 401/403) with who sent it; undefined if nobody did.
 */
export async function asFirstAdmitted(
  tokens: Record<string, string>,
  send: (auth: Record<string, string>) => Promise<Response>,
): Promise<{ who: string; res: Response } | undefined> {
  for (const who of ['nobody', ...Object.keys(tokens)]) {
    const res = await send(who === 'nobody' ? {} : { Authorization: `Bearer ${tokens[who]}` });
    if (res.status !== 401 && res.status !== 403) return { who, res };
  }
  return undefined;
}

/** What a refused request must leave alone: the head (seq and hash) of every book and every table's row count. */
export async function ledgerState(t: TestApp) {
  const heads: Array<{ code: string; seq: string; hash: string }> = await t.db.query(
    `SELECT code, head_seq::text AS seq, encode(head_hash, 'hex') AS hash FROM journal_book ORDER BY code`,
  );
  return { heads, counts: await tableCounts(t.db) };
}

/** The error body of API.md: no stack, no SQL. */
export function expectErrorShape(res: Response, status?: number): void {
  if (status !== undefined) expect(res.status).toBe(status);
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.body).toMatchObject({
    statusCode: res.status,
    code: expect.stringMatching(/^[A-Z_]+$/),
    message: expect.any(String),
    correlationId: res.headers['x-correlation-id'],
  });
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(ts|js):\d+|SELECT |INSERT |QueryFailedError/);
}
