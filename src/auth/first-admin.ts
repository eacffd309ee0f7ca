import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { COUNTRY_CODE } from '../common/region-code';
import { hashToken, newToken } from './token';
import { User } from './user.entity';

/** Beside the migration lock's id (database/migrate.ts), and outside the import locks' class. */
const FIRST_ADMIN_LOCK_ID = 7_101_102_001;

/**
 * Creates a country-wide admin when the database holds no user at all, and returns its token
 * (null when there is a user already). Two instances starting together on one database queue on
 * the advisory lock, so the second finds the first's admin and creates none.
 */
export async function createFirstAdmin(db: DataSource): Promise<string | null> {
  return db.transaction(async (em) => {
    await em.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_LOCK_ID]);
    const [{ any }] = await em.query(`SELECT EXISTS (SELECT 1 FROM app_user) AS any`);
    if (any) return null;
    const token = newToken();
    await em.getRepository(User).insert({
      name: 'admin (first start)',
      role: 'admin',
      regionCode: COUNTRY_CODE,
      tokenHash: hashToken(token),
      revokedAt: null,
    });
    return token;
  });
}

/** What a newcomer needs to get in, printed once; the token cannot be shown again (only its hash is kept). */
export function firstAdminMessage(token: string, baseUrl: string): string {
  return [
    '',
    '================================================================================',
    ' First start: the database had no user, so a country-wide admin (region',
    ' 000000000000) was created. 首次启动：已创建全国管理员。Its token, shown only now:',
    '',
    `   ${token}`,
    '',
    ' Keep it safe: only its SHA-256 is stored, and it is never printed again.',
    ` Use it:    open ${baseUrl}/docs, press "Authorize" and paste the token, or send`,
    `            the header Authorization: Bearer <token>, e.g.`,
    `            curl -H 'Authorization: Bearer ${token}' ${baseUrl}/api/v1/users/me`,
    ' More users (admin, finance, program, township, village, auditor), each with its own',
    ' token:     POST /api/v1/users {"name", "role", "regionCode"} (regions: POST /api/v1/regions)',
    ' Lost it?   stop the service, then: npm run cli -- create-admin',
    '================================================================================',
    '',
  ].join('\n');
}

/** At start, with no user and no ADMIN_TOKEN: creates the first admin, prints how to get in and returns its token. */
export async function welcomeFirstAdmin(
  app: INestApplicationContext,
  config: { adminToken?: string; publicBaseUrl: string },
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<string | null> {
  if (config.adminToken) return null;
  const token = await createFirstAdmin(app.get(DataSource));
  if (token) write(`${firstAdminMessage(token, config.publicBaseUrl)}\n`);
  return token;
}
