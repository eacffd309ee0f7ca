import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { FUND_HEADER, xlsx } from '../excel/xlsx-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { ledgerState, roleTokens } from './hardening-fixtures';

interface RawRequest {
  /** The answer if one came within `ms` (status 0 when none did). */
  answerWithin(ms: number): Promise<{ status: number; body: string }>;
  /** Sends more of the body. */
  send(bytes: Buffer): void;
  close(): void;
}

/**
 * Sends the headers of a request announcing `declared` bytes of body, and only `first` of them: an
 * answer that comes now was given without reading the body.
 */
function partialRequest(
  port: number,
  {
    path,
    headers,
    declared,
    first,
  }: { path: string; headers: Record<string, string>; declared: number; first: Buffer },
): RawRequest {
  const socket = connect(port, '127.0.0.1');
  let received = Buffer.alloc(0);
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = received.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      const body = received.subarray(end + 4);
      if (body.length >= length) resolve({ status: Number(head.slice(9, 12)), body: body.toString('utf8') });
    });
  });
  const head = Object.entries({ Host: '127.0.0.1', ...headers, 'Content-Length': String(declared) })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n`);
  socket.write(first);
  return {
    answerWithin: (ms) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<{ status: number; body: string }>(
        (r) => (timer = setTimeout(() => r({ status: 0, body: '' }), ms)),
      );
      return Promise.race([answer, late]).finally(() => clearTimeout(timer));
    },
    send: (bytes) => socket.write(bytes),
    close: () => socket.destroy(),
  };
}

/**
 * Nothing of a request's body is read, parsed or unpacked before the caller is known and allowed:
 * JSON and forms were read by the HTTP layer ahead of the access guard, so an anonymous caller
 * could make the service take in and parse a body. Every refusal must come while the body is still
 * on its way.
 */
describe('hardening: authentication before any body is read', () => {
  let t: TestApp;
  let port: number;
  let tokens: Record<string, string>;
  const BOUNDARY = '----hardening';
  const multipartStart = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="f.xlsx"\r\n` +
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\nPK\u0003\u0004',
  );

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    tokens = await roleTokens(t);
  });
  afterAll(() => t.close());

  const TYPES = {
    json: 'application/json',
    form: 'application/x-www-form-urlencoded',
    multipart: `multipart/form-data; boundary=${BOUNDARY}`,
  };
  const bearer = (who: string): Record<string, string> =>
    who === 'nobody' ? {} : { Authorization: `Bearer ${tokens[who] ?? 'forged-token-0123456789'}` };

  it.each([
    ['no token, JSON', '/api/v1/funds', 'json', 'nobody', 401, 'UNAUTHENTICATED'],
    ['a token nobody issued, JSON', '/api/v1/projects', 'json', 'forged', 401, 'UNAUTHENTICATED'],
    ['an auditor writing, JSON', '/api/v1/funds', 'json', 'auditor', 403, 'FORBIDDEN'],
    ['a role the route does not take, JSON', '/api/v1/funds', 'json', 'village', 403, 'FORBIDDEN'],
    ['no token, a form', '/api/v1/households', 'form', 'nobody', 401, 'UNAUTHENTICATED'],
    ['no token, the fund import', '/api/v1/funds/import', 'multipart', 'nobody', 401, 'UNAUTHENTICATED'],
    ['no token, the household import', '/api/v1/households/import', 'multipart', 'nobody', 401, 'UNAUTHENTICATED'],
    ['a role the import does not take', '/api/v1/households/import', 'multipart', 'finance', 403, 'FORBIDDEN'],
  ] as const)('%s: refused while the body is still on its way', async (_, path, type, who, status, code) => {
    const isMultipart = type === 'multipart';
    const req = partialRequest(port, {
      path,
      headers: { 'Content-Type': TYPES[type], ...bearer(who) },
      // Within BODY_LIMIT for JSON (body-parser would refuse a larger one from its length alone), 9 MB for an upload.
      declared: isMultipart ? 9 * 1024 * 1024 : 512 * 1024,
      first: isMultipart ? multipartStart : Buffer.from(type === 'json' ? '{"docNo": "' : 'docNo='),
    });
    const answer = await req.answerWithin(3000);
    req.close();
    expect({ status: answer.status, code: answer.body && JSON.parse(answer.body).code }).toEqual({ status, code });
  });

  it('an allowed caller is answered only once the whole body has arrived (so the check above can tell)', async () => {
    const before = await ledgerState(t);
    const body = Buffer.from(JSON.stringify({ docNo: 'x', amount: 'not money' }));
    const req = partialRequest(port, {
      path: '/api/v1/funds',
      headers: { 'Content-Type': TYPES.json, ...bearer('finance') },
      declared: body.length,
      first: body.subarray(0, 10),
    });
    expect((await req.answerWithin(700)).status).toBe(0);
    req.send(body.subarray(10));
    const answer = await req.answerWithin(5000);
    req.close();
    // Read and parsed: the DTO names what is wrong with it.
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('amount'),
    });
    expect(await ledgerState(t)).toEqual(before);
  });

  it('an upload of over 10 MB without a token: 401, not 413 or 400', async () => {
    const big = Buffer.concat([await xlsx(FUND_HEADER, []), Buffer.alloc(11 * 1024 * 1024)]);
    for (const path of ['/api/v1/funds/import', '/api/v1/households/import']) {
      const res = await t.http().post(path).attach('file', big, 'big.xlsx');
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 401, code: 'UNAUTHENTICATED' });
    }
  });
});
