import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { UsersService } from '../auth/users.service';
import { CheckpointService } from '../journal/checkpoints/checkpoint.service';
import { CosigningService } from '../journal/witnesses/cosigning.service';
import { RegionsService } from '../regions/regions.service';
import { DEMO_FUNDS } from './demo-funds';
import { DEMO_PROJECTS } from './demo-project-plans';
import { DEMO_REGIONS, DEMO_USERS } from './demo-regions';
import { loadDemoYear } from './demo-year';

/**
 * Loads the demo county, a user per role and its 2026, then prints fresh tokens: only hashes are stored, so the
 * only way to show a token is to issue a new one (earlier demo tokens stop working).
 */
const DEMO_COUNTY_BOOK = '411103000000';
const OTHERS = '  (the other villages and townships: the admin creates a user there with POST /api/v1/users)';

export async function loadDemo(app: INestApplication): Promise<void> {
  // main.ts loads the demo before listen(): the features register their projections on init.
  await app.init();
  await app.get(RegionsService).upsertMany(DEMO_REGIONS);
  const users = app.get(UsersService);
  const lines = [];
  for (const u of DEMO_USERS) {
    // Like the tokens, a fresh password each run: only its scrypt hash is kept.
    const password = `demo-${randomBytes(6).toString('base64url')}`;
    const token = await users.ensureNamedUser(u.name, u.role, u.regionCode, { username: u.username, password });
    lines.push(`  ${u.role.padEnd(9)} ${u.regionCode}  ${token}   ${u.name}`);
    lines.push(`  ${''.padEnd(9)} ${''.padEnd(12)}  console: ${u.username} / ${password}`);
  }
  const started = Date.now();
  const year = await loadDemoYear(app);
  // Signed (and, with a witness configured, cosigned) now, so the notices verify without waiting for the timer.
  const checkpoints = app.get(CheckpointService);
  await checkpoints.checkpointAll();
  await app.get(CosigningService).catchUp(); // a checkpoint of an earlier run, before the witness was there
  const county = await checkpoints.latest(DEMO_COUNTY_BOOK);
  const cosigners = county.cosignatures.map((c) => c.displayName).join('、');
  const yearLine = year.loaded
    ? `The 2026 county year: ${DEMO_FUNDS.length} fund documents with their allocations, ~100 households, ` +
      `${DEMO_PROJECTS.length} projects, ${year.assets} assets with their hand-overs, income and distributions — ` +
      `${year.writes} steps written to the journal ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s.`
    : 'The 2026 county year was already loaded; nothing added.';
  process.stdout.write(
    [
      '',
      'Demo data loaded: 河南省 漯河市 郾城区 (411103) with 4 townships and 9 villages.',
      yearLine,
      `The county book's checkpoint (size ${county.treeSize}) is ` +
        (cosigners ? `witnessed by ${cosigners}.` : 'not witnessed (see the warnings above).'),
      'Tokens (use "Authorize" in /docs) and console sign-ins (/console/login, username / password):',
      ...lines,
      OTHERS,
      '',
    ].join('\n') + '\n',
  );
}
