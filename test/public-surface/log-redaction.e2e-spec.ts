import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { APP_OPTIONS, configureApp, createHttpAdapter } from '../../src/app.setup';
import { UsersService } from '../../src/auth/users.service';
import { DEMO_REGIONS } from '../../src/demo/demo-regions';
import { RegionsService } from '../../src/regions/regions.service';
import { VILLAGE } from '../support/project-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');

/** A resident ID number with a valid check character (GB 11643), so that the household is registered. */
function idNumber(): string {
  const body = `11010519900307${digits(3)}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** Fresh values each run, shaped like the real thing, so that a match in the log can only be a leak. */
const CANARY = {
  token: `sl_${randomBytes(32).toString('base64url')}`,
  cookie: `canary-cookie-${randomUUID()}`,
  password: `canary-password-${randomUUID()}`,
  idNumber: idNumber(),
  bankAccount: `6222${digits(15)}`,
  phone: `139${digits(8)}`,
};

describe('public surface: no secret or personal value reaches the logs (at trace level)', () => {
  let database: TestDatabase;
  let app: NestExpressApplication;
  let village: string;
  const lines: string[] = [];
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'trace';
    database = await createTestDatabase();
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ databaseUrl: database.url, logStream })],
    }).compile();
    app = configureApp(
      moduleRef.createNestApplication<NestExpressApplication>(createHttpAdapter(), { ...APP_OPTIONS, logger: false }),
    );
    await app.init();
    await app.get(RegionsService).upsertMany(DEMO_REGIONS);
    village = (await app.get(UsersService).issue('test village', 'village', VILLAGE)).token;
  });
  afterAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    await app?.close();
    await database?.drop();
  });

  it('plants canaries in headers, queries, paths, JSON and form bodies; every request logged, no canary', async () => {
    const sensitiveQuery = new URLSearchParams({
      idNumber: CANARY.idNumber,
      phone: CANARY.phone,
      bankAccount: CANARY.bankAccount,
      password: CANARY.password,
      token: CANARY.token,
    }).toString();
    const cookie = `session=${CANARY.cookie}; token=${CANARY.token}`;
    const everyField = { ...CANARY };
    const sent = [
      // A guessed token and a cookie on a private route (401), a good token with the cookie (200).
      http().get('/api/v1/users/me').set('Authorization', `Bearer ${CANARY.token}`).set('Cookie', cookie),
      http().get('/api/v1/users/me').set('Authorization', `Bearer ${village}`).set('Cookie', cookie),
      // A household as registered (201), then bodies with every field (400: unknown fields).
      http().post('/api/v1/households').set('Authorization', `Bearer ${village}`).send({
        headName: '张三',
        idNumber: CANARY.idNumber,
        regionCode: VILLAGE,
        members: 3,
        laborCapacity: 'full',
        category: 'lifted',
        since: '2024-01-05',
      }),
      http().post('/api/v1/households').set('Authorization', `Bearer ${village}`).send(everyField),
      http().post('/api/v1/regions').set('Authorization', `Bearer ${village}`).send(everyField),
      // The public objection form (urlencoded) and JSON, with a phone number as the contact.
      http()
        .post(`/api/v1/notices/${randomUUID()}/objections`)
        .type('form')
        .send({ summary: '异议', contact: CANARY.phone, receivedOn: '2024-02-03', password: CANARY.password }),
      http()
        .post(`/api/v1/notices/${randomUUID()}/objections`)
        .send({ summary: '异议', contact: `${CANARY.phone} ${CANARY.bankAccount}`, receivedOn: '2024-02-03' }),
      // Query strings and paths, which the request line logs.
      http().get(`/api/v1/households?${sensitiveQuery}`).set('Authorization', `Bearer ${village}`),
      http().get(`/api/v1/notices?${sensitiveQuery}`),
      http().get(`/api/v1/households/${CANARY.idNumber}`).set('Authorization', `Bearer ${village}`),
      http().get(`/api/v1/funds/${CANARY.bankAccount}`).set('Authorization', `Bearer ${village}`),
      http().get(`/api/v1/regions/${CANARY.phone}`).set('Authorization', `Bearer ${village}`),
      http().get(`/public/notices/${CANARY.token}`),
    ];
    const answers = [];
    for (const req of sent) answers.push(await req.set('X-Correlation-Id', `canary-${answers.length}-${randomUUID()}`));
    expect([answers[2].status, answers[2].body.message]).toEqual([201, undefined]);
    await new Promise((r) => setTimeout(r, 100));

    const log = lines.join('\n');
    // Not vacuous: every request was logged, with its URL, and something was redacted.
    for (const res of answers) {
      const id = String(res.headers['x-correlation-id']);
      expect(lines.some((l) => l.includes(id) && l.includes('"url"'))).toBe(true);
    }
    expect(log).toContain('[REDACTED]');
    expect(log).toContain('/api/v1/households?idNumber=[REDACTED]');

    for (const [field, value] of Object.entries(CANARY)) {
      expect({ field, leaked: log.includes(value) }).toEqual({ field, leaked: false });
    }
    // The household's ID number is not in its digits' parts either (e.g. the 14 digits after the region).
    expect(log).not.toContain(CANARY.idNumber.slice(6, 17));
  });

  it('logs each request once: API, public page and console page alike', async () => {
    const paths = ['/api/v1/notices', '/public/notices', '/console/login', '/console/logout'];
    const ids = paths.map((p) => `once-${p.replace(/\W/g, '')}-${randomUUID()}`);
    for (const [i, path] of paths.entries()) await http().get(path).set('X-Correlation-Id', ids[i]);
    await new Promise((r) => setTimeout(r, 100));
    const completions = ids.map((id) => lines.filter((l) => l.includes(id) && l.includes('"responseTime"')).length);
    expect(completions).toEqual([1, 1, 1, 1]);
  });
});
