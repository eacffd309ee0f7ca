import type { Response } from 'supertest';
import { ROLES, type Role } from '../../src/auth/role';
import { binary } from '../excel/xlsx-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { ledgerState } from './hardening-fixtures';
import { allows, PERMISSIONS, RELATIONS, type Relation } from './permission-table';
import { buildWorld, CALLS, type Call, type World } from './permission-world';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const READS = new Set<Method>(['get']);

/**
 * Every operation of the OpenAPI document × every role × where the caller's region stands to the
 * object (own, parent, sibling, child) and no token at all, against the running app, compared with
 * the declared table (permission-table.ts). Allowed means anything but 401/403; refused means 403
 * (401 without a token). A write that should be allowed gets a body that fails validation, so it
 * proves access without writing; one that should be refused gets a valid body, so that a scope check
 * after validation is reached. The console (issue 16) is not there yet: its routes join the table.
 */
describe('hardening: the permission matrix', () => {
  let t: TestApp;
  let w: World;
  let operations: Array<{ method: Method; path: string; key: string }>;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    const doc = (await t.http().get('/docs-json').expect(200)).body as { paths: Record<string, object> };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => ({ method: m as Method, path, key: `${m.toUpperCase()} ${path}` })),
    );
  });
  afterAll(() => t.close());

  function send(method: Method, call: Call, auth: Record<string, string>, body: 'valid' | 'invalid' | 'malformed') {
    const req = t
      .http()
      [method](call.url)
      .set(auth)
      .buffer(true)
      .parse(binary as never);
    if (READS.has(method)) return req;
    if (call.upload) return body === 'valid' ? req.attach('file', call.upload, 'upload.xlsx') : req;
    if (body === 'malformed') return req.set('Content-Type', 'application/json').send('{"summary": ');
    return req.send(body === 'valid' && call.valid ? call.valid : { notAField: true });
  }

  const codeOf = (res: Response) => {
    try {
      return JSON.parse((res.body as Buffer).toString('utf8')).code as string;
    } catch {
      return '';
    }
  };

  it('declares every operation of the OpenAPI document, and no operation that is gone', () => {
    const declared = Object.keys(PERMISSIONS).sort();
    const documented = operations.map((o) => o.key).sort();
    expect({ missing: documented.filter((k) => !declared.includes(k)) }).toEqual({ missing: [] });
    expect({ gone: declared.filter((k) => !documented.includes(k)) }).toEqual({ gone: [] });
    expect({ withoutCall: documented.filter((k) => !CALLS[k]) }).toEqual({ withoutCall: [] });
  });

  it('the table never lets the auditor write', () => {
    const writes = Object.entries(PERMISSIONS).filter(([key]) => !key.startsWith('GET '));
    for (const [key, rule] of writes) {
      if (rule.public) continue;
      expect({ key, auditor: rule.roles.includes('auditor') }).toEqual({ key, auditor: false });
    }
  });

  it('matches the table in every cell: route × role × region relation, and no token', async () => {
    const before = await ledgerState(t);
    const wrong: string[] = [];
    let cells = 0;
    for (const { method, key } of operations) {
      const rule = PERMISSIONS[key];
      const call = CALLS[key](w);
      const cases: Array<[Role | undefined, Relation]> = [
        [undefined, 'own'],
        ...ROLES.flatMap((role) => RELATIONS.map((rel) => [role, rel] as [Role, Relation])),
      ];
      for (const [role, relation] of cases) {
        const expected = allows(rule, role, relation);
        const auth: Record<string, string> = role ? { Authorization: `Bearer ${w.tokens[relation][role]}` } : {};
        const res = await send(method, call, auth, expected ? 'invalid' : 'valid');
        cells++;
        const deniedWith = role ? 403 : 401;
        const ok = expected ? res.status !== 401 && res.status !== 403 : res.status === deniedWith;
        if (!ok || res.status >= 500) {
          const who = role ? `${role}@${relation}` : 'no token';
          wrong.push(`${key} ${who}: expected ${expected ? 'allow' : deniedWith}, got ${res.status} ${codeOf(res)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(await ledgerState(t)).toEqual(before);
    console.info(`permission matrix: ${operations.length} operations, ${cells} cells`);
  });

  it('answers 401 to a caller without a token before looking at its malformed body', async () => {
    const statuses: string[] = [];
    for (const { method, key } of operations) {
      if (PERMISSIONS[key].public || READS.has(method)) continue;
      const res = await send(method, CALLS[key](w), {}, 'malformed');
      if (res.status !== 401 || codeOf(res) !== 'UNAUTHENTICATED') statuses.push(`${key}: ${res.status}`);
    }
    expect(statuses).toEqual([]);
  });
});
