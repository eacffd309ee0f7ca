import fc from 'fast-check';
import type { Response } from 'supertest';
import type { TestApp } from '../support/test-app';
import { asFirstAdmitted, type WriteRoute } from './hardening-fixtures';

export type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  description?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
};

/** A write route with the caller who gets past its access guard and every field it takes. */
export interface TargetRoute extends WriteRoute {
  auth: Record<string, string>;
  who: string;
  /** Top-level fields: the documented ones and those a `{}` body is refused for (the document may miss some). */
  fields: Record<string, Schema>;
}

export function resolve(route: WriteRoute, s: Schema | undefined, depth = 0): Schema | undefined {
  if (!s || depth > 10) return undefined;
  if (s.$ref) return resolve(route, route.components[s.$ref.split('/').pop()!], depth + 1);
  if (s.allOf?.length === 1) return resolve(route, s.allOf[0], depth + 1);
  return s;
}

/** Finds a caller the guard lets in (with an empty body) and the fields the DTO names when it refuses `{}`. */
export async function targetRoute(t: TestApp, tokens: Record<string, string>, route: WriteRoute) {
  const admitted = await asFirstAdmitted(tokens, (auth) => t.http()[route.method](route.url).set(auth).send({}));
  if (!admitted) throw new Error(`${route.method} ${route.path}: no role got past the access guard`);
  const fields: Record<string, Schema> = { ...(resolve(route, route.schema)?.properties ?? {}) };
  const details = admitted.res.body?.details;
  if (Array.isArray(details)) {
    for (const { field } of details as Array<{ field: string }>) fields[field.split('.')[0]] ??= {};
  }
  const auth: Record<string, string> =
    admitted.who === 'nobody' ? {} : { Authorization: `Bearer ${tokens[admitted.who]}` };
  // A sequence that does not exist yet: a reversal with a body that is fine reaches the database and finds nothing.
  const url = route.url.replace(/\/entries\/(\d+)\/1\//, '/entries/$1/999999/');
  return { ...route, url, auth, who: admitted.who, fields } satisfies TargetRoute;
}

const isMoney = (s: Schema) => /yuan/.test(s.description ?? '') || (s.pattern ?? '').includes('\\.\\d{1,2}');
const isDate = (s: Schema, name: string) => s.format === 'date' || /On$|^planned|^period|Date$/.test(name);

export const MB_STRING = 'x'.repeat(1024 * 1024);
export const INJECTIONS = [
  "' OR '1'='1'; DROP TABLE journal_entry; --",
  '1; SELECT pg_sleep(10)--',
  '$1::text); DELETE FROM fund; --',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(document.cookie)>',
  '{{7*7}}${7*7}',
];
const MONEY = [1234.5, 0, -1, '-1.00', '0', '0.00', '1.234', '1e3', '１２３', '10000000000000.01', '1e14', ' 12.00'];
const DATES = ['2024-02-30', '2099-01-01', '2024-2-3', '2024-13-01', '20240203', 20240203, '2024-02-03T00:00:00Z'];
const WRONG_TYPES = [12345, true, null, {}, [], ['x'], { $gt: '' }];

/** A plausible body: each documented field as its example, an enum's first value, or a string. */
export function baseline(route: TargetRoute): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(route.fields)) {
    const schema = resolve(route, s) ?? {};
    body[name] =
      (schema as { example?: unknown }).example ??
      schema.enum?.[0] ??
      (schema.type === 'number' || schema.type === 'integer' ? 1 : schema.type === 'array' ? [] : '文本');
  }
  return body;
}

/** Values no field of this kind may take: wrong types, and for money and dates the awkward spellings. */
export function hostileValues(route: TargetRoute, name: string): unknown[] {
  const s = resolve(route, route.fields[name]) ?? {};
  const values: unknown[] = [...WRONG_TYPES, ...INJECTIONS, MB_STRING];
  if (isMoney(s)) values.push(...MONEY);
  if (isDate(s, name)) values.push(...DATES);
  if (s.enum) values.push('NOT_IN_ENUM', String(s.enum[0]).toUpperCase());
  if (s.format === 'uuid' || /Id$/.test(name)) values.push('not-a-uuid', "00000000-0000-0000-0000-000000000000' --");
  if (s.type === 'number' || s.type === 'integer') values.push('12', -1, 1.5, 1e308, 2 ** 53 + 1);
  return values;
}

export interface Attempt {
  name: string;
  url?: string;
  type?: string;
  body: string | object;
}

/** The fixed corpus for one route (bodies; wrong types of content; malformed and oversized JSON; bad path ids). */
export function corpus(route: TargetRoute, bodyLimit: number): Attempt[] {
  const base = baseline(route);
  const attempts: Attempt[] = [
    { name: 'an empty object', body: {} },
    { name: 'an extra field', body: { ...base, unexpected: 'x' } },
    { name: '__proto__', type: 'application/json', body: '{"__proto__":{"role":"admin","isAdmin":true}}' },
    { name: 'constructor', type: 'application/json', body: '{"constructor":{"prototype":{"isAdmin":true}}}' },
    { name: 'a JSON array', body: [base] },
    { name: 'a JSON string', type: 'application/json', body: '"文本"' },
    { name: 'malformed JSON', type: 'application/json', body: '{"a":' },
    { name: 'single-quoted JSON', type: 'application/json', body: "{'a':1}" },
    { name: 'a bad escape', type: 'application/json', body: '{"a":"\\uZZZZ"}' },
    { name: 'text/plain', type: 'text/plain', body: JSON.stringify(base) },
    { name: 'XML', type: 'application/xml', body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>' },
    { name: 'a JSON body sent as a form', type: 'application/x-www-form-urlencoded', body: 'a[b][c]=1&__proto__=x' },
    { name: 'JSON with a charset it is not in', type: 'application/json; charset=utf-16', body: '{}' },
    { name: 'a body over BODY_LIMIT', type: 'application/json', body: `{"a":"${'x'.repeat(bodyLimit + 10)}"}` },
  ];
  if (!route.multipart) {
    attempts.push({
      name: 'multipart for a JSON route',
      type: 'multipart/form-data; boundary=b',
      body: '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n',
    });
  }
  // SQL, HTML and long text are fine in a free-text field: where the path names an object that does not exist they
  // reach the database and find nothing (404); a route that creates gets them with another field left out instead.
  const names = Object.keys(route.fields);
  const creates = !/\{\w+\}/.test(route.path);
  for (const name of names) {
    const { [name]: _, ...without } = base;
    attempts.push({ name: `${name} missing`, body: without });
    const other = names.find((n) => n !== name);
    hostileValues(route, name).forEach((value, i) => {
      const body = { ...base, [name]: value };
      if (creates && typeof value === 'string' && other) delete body[other];
      attempts.push({ name: `${name} #${i} ${String(JSON.stringify(value)).slice(0, 30)}`, body });
    });
  }
  for (const url of badPathUrls(route)) attempts.push({ name: `path ${url}`, url, body: base });
  return attempts;
}

const BAD_PARAMS: Record<string, string[]> = {
  seq: ['abc', '1.5', '-1', '1e3', '0x10', '99999999999999999999999', "1'--"],
  book: ['x', '999999999999', "411103000000'--", '4111030000001', '%E4%B8%AD'],
  default: ['not-a-uuid', "1' OR '1'='1", '99999999999999999999', '00000000-0000-0000-0000-00000000000g', '..%2F..'],
};

/** The route's URL with one path parameter at a time replaced by a bad one. */
export function badPathUrls(route: TargetRoute): string[] {
  const parts = route.path.split('/');
  const filled = route.url.split('/');
  const urls: string[] = [];
  parts.forEach((part, i) => {
    const param = /^\{(\w+)\}$/.exec(part)?.[1];
    if (!param) return;
    for (const bad of BAD_PARAMS[param] ?? BAD_PARAMS.default) {
      urls.push(filled.map((p, j) => (j === i ? bad : p)).join('/'));
    }
  });
  return urls;
}

export async function send(t: TestApp, route: TargetRoute, a: Attempt, auth = route.auth): Promise<Response> {
  const req = t
    .http()
    [route.method](a.url ?? route.url)
    .set(auth);
  if (typeof a.body === 'string') return req.set('Content-Type', a.type ?? 'application/json').send(a.body);
  return req.send(a.body);
}

/** Any JSON value, leaning towards the hostile ones. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...INJECTIONS, ...MONEY, ...DATES),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }),
);

/** A value shaped by the field's schema (an enum's values, digits for a pattern of digits, a date) or any value. */
function fieldArbitrary(route: TargetRoute, s: Schema | undefined, depth: number): fc.Arbitrary<unknown> {
  const schema = resolve(route, s);
  if (!schema || depth > 4) return anyValue;
  const typed: fc.Arbitrary<unknown>[] = [];
  if (schema.enum) typed.push(fc.constantFrom(...schema.enum));
  if (schema.format === 'date') typed.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
  if (schema.format === 'uuid') typed.push(fc.uuid());
  if (isMoney(schema)) typed.push(fc.stringMatching(/^-?\d{1,16}(\.\d{1,4})?$/));
  else if (schema.pattern) typed.push(fc.stringMatching(new RegExp(schema.pattern)));
  if (schema.type === 'number' || schema.type === 'integer') typed.push(fc.integer({ min: -1e6, max: 1e6 }));
  if (schema.type === 'array') typed.push(fc.array(fieldArbitrary(route, schema.items, depth + 1), { maxLength: 3 }));
  if (schema.properties) typed.push(objectArbitrary(route, schema.properties, depth + 1));
  return typed.length > 0 ? fc.oneof({ arbitrary: fc.oneof(...typed), weight: 3 }, anyValue) : anyValue;
}

function objectArbitrary(route: TargetRoute, properties: Record<string, Schema>, depth: number) {
  const fields = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, fieldArbitrary(route, s, depth)]));
  return fc.record(fields, { requiredKeys: [] });
}

/** Bodies generated from the route's schema: every field optional and any value, plus now and then a stray key. */
export function bodyArbitrary(route: TargetRoute): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      objectArbitrary(route, route.fields, 0),
      fc.dictionary(fc.string({ maxLength: 12 }), anyValue, { maxKeys: 2 }),
    )
    .map(([known, stray]) => ({ ...stray, ...known }));
}
