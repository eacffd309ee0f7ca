import { INestApplication } from '@nestjs/common';
import { UsersService } from '../auth/users.service';
import { RegionsService } from '../regions/regions.service';
import { DEMO_REGIONS, DEMO_USERS } from './demo-regions';

/**
 * Loads the demo county and one user per role, then prints fresh tokens (earlier demo tokens
 * stop working: only hashes are stored, so the only way to show a token is to issue a new one).
 */
export async function loadDemo(app: INestApplication): Promise<void> {
  await app.get(RegionsService).upsertMany(DEMO_REGIONS);
  const users = app.get(UsersService);
  const lines = [];
  for (const u of DEMO_USERS) {
    const token = await users.ensureNamedUser(u.name, u.role, u.regionCode);
    lines.push(`  ${u.role.padEnd(9)} ${u.regionCode}  ${token}   ${u.name}`);
  }
  process.stdout.write(
    ['', 'Demo data loaded: 河南省 漯河市 郾城区 (411102) with 4 townships and 9 villages.', 'Tokens (use "Authorize" in /docs):', ...lines, ''].join('\n') + '\n',
  );
}
