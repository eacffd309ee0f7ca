import { DataSource } from 'typeorm';
import { createFirstAdmin, welcomeFirstAdmin } from '../src/auth/first-admin';
import { hashToken } from '../src/auth/token';
import { dataSourceOptions } from '../src/database/data-source-options';
import { createTestApp, TestApp } from './support/test-app';
import { createTestDatabase } from './support/test-database';

const TOKEN = /sl_[A-Za-z0-9_-]{43}/g;
const config = { publicBaseUrl: 'http://localhost:3918' };
const userCount = async (db: DataSource) => (await db.query(`SELECT count(*)::int AS n FROM app_user`))[0].n;

describe('first start on an empty database: one admin, its token printed once', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ regions: false });
  });
  afterAll(() => t.close());

  it('prints nothing and creates no one when ADMIN_TOKEN is set', async () => {
    const out: string[] = [];
    expect(await welcomeFirstAdmin(t.app, { ...config, adminToken: 'x'.repeat(16) }, (s) => out.push(s))).toBeNull();
    expect(out).toEqual([]);
    expect(await userCount(t.db)).toBe(0);
  });

  it('creates a country-wide admin and prints a token that works against the API', async () => {
    const out: string[] = [];
    const token = await welcomeFirstAdmin(t.app, config, (s) => out.push(s));
    expect(out).toHaveLength(1);
    const text = out[0];
    expect(new Set(text.match(TOKEN))).toEqual(new Set([token]));
    expect(text).toContain('Authorization: Bearer');
    expect(text).toContain('http://localhost:3918/docs');
    expect(text).toContain('POST /api/v1/users');

    const auth = { Authorization: `Bearer ${token}` };
    const me = await t.http().get('/api/v1/users/me').set(auth).expect(200);
    expect(me.body).toMatchObject({ role: 'admin', regionCode: '000000000000' });
    await t.http().get('/api/v1/regions').set(auth).expect(200);
    const created = await t
      .http()
      .post('/api/v1/users')
      .set(auth)
      .send({ name: '审计局', role: 'auditor', regionCode: '000000000000' })
      .expect(201);
    expect(created.body.token).toMatch(TOKEN);
    // Only the hash is kept.
    const [row] = await t.db.query(`SELECT token_hash FROM app_user WHERE role = 'admin'`);
    expect(row.token_hash).toEqual(hashToken(token!));
  });

  it('prints nothing and creates no user on the next start', async () => {
    const before = await userCount(t.db);
    const out: string[] = [];
    expect(await welcomeFirstAdmin(t.app, config, (s) => out.push(s))).toBeNull();
    expect(out).toEqual([]);
    expect(await userCount(t.db)).toBe(before);
  });

  it('creates one admin only when two instances start at once on one database', async () => {
    const database = await createTestDatabase();
    const instances = await Promise.all(
      [1, 2].map(() => new DataSource(dataSourceOptions(database.url, 4)).initialize()),
    );
    try {
      const tokens = await Promise.all([...instances, ...instances].map((db) => createFirstAdmin(db)));
      expect(tokens.filter((x) => x !== null)).toHaveLength(1);
      expect(await userCount(instances[0])).toBe(1);
    } finally {
      await Promise.all(instances.map((db) => db.destroy()));
      await database.drop();
    }
  });
});
