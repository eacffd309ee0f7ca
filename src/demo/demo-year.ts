import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '../auth/role';
import { DemoAssets, lastAssetKey } from './demo-assets';
import { DemoClient } from './demo-client';
import { CITY, COUNTY, loadDemoFunds, PROVINCE } from './demo-funds';
import { loadDemoHouseholds } from './demo-households';
import { DemoLifecycle, type DemoProject } from './demo-lifecycle';
import { PublishNoticeDto } from '../notices/dto/notice.dto';
import { NoticesService } from '../notices/notices.service';
import { DEMO_PROJECTS } from './demo-project-plans';
import { DEMO_REGIONS } from './demo-regions';

export const DEMO_KEY_PREFIX = 'demo:411103:2026';

export interface DemoYearResult {
  /** False when the year was already complete in the database. */
  loaded: boolean;
  writes: number;
  projects: Array<{ code: string; id: string; name: string }>;
  /** Assets registered (with their hand-overs, income, distributions, disposal). */
  assets: number;
}

/** The last entry a load writes (the county's announcement): once it is in the journal, the year is complete. */
export const LAST_KEY = `${DEMO_KEY_PREFIX}:announcement`;
/** After the year's last approval, so the announcement lists every project approved in 2026. */
const ANNOUNCED_ON = '2026-11-05';

const shortName = (name: string) => name.split(' ').pop()!;

/** The offices that act in the demo; the names of DEMO_USERS where those exist, so tokens match. */
async function demoActors(client: DemoClient): Promise<void> {
  const offices: Array<[string, Role, string]> = [
    ['demo 河南省财政厅', 'finance', PROVINCE],
    ['demo 漯河市财政局', 'finance', CITY],
    ['demo 郾城区财政局', 'finance', COUNTY],
    ['demo 郾城区乡村振兴局', 'program', COUNTY],
  ];
  for (const r of DEMO_REGIONS) {
    if (r.code.slice(6) === '000000') continue;
    if (r.code.slice(9) === '000') offices.push([`demo ${shortName(r.name)}人民政府`, 'township', r.code]);
    else offices.push([`demo ${shortName(r.name)}村委会`, 'village', r.code]);
  }
  for (const [name, role, region] of offices) await client.actor(name, role, region);
}

/**
 * The announcement and the last asset step both there. A year loaded before the demo had assets lacks the
 * second: the load runs again, answered from the journal up to the assets, which it then adds.
 */
async function yearComplete(app: INestApplication): Promise<boolean> {
  const keys = [LAST_KEY, `${DEMO_KEY_PREFIX}:${lastAssetKey()}`];
  const rows: unknown[] = await app
    .get(DataSource)
    .query(`SELECT 1 FROM journal_entry WHERE book = $1 AND idempotency_key = ANY($2)`, [COUNTY, keys]);
  return rows.length === keys.length;
}

/**
 * The county's 2026 (funds, households, projects, payments, assets), all through the services so the rules check every
 * step. A complete year is skipped; a half-loaded one is completed, never doubled (see DemoClient).
 */
export async function loadDemoYear(app: INestApplication, { force = false } = {}): Promise<DemoYearResult> {
  if (!force && (await yearComplete(app))) return { loaded: false, writes: 0, projects: [], assets: 0 };
  const client = new DemoClient(app, DEMO_KEY_PREFIX);
  await demoActors(client);
  const funds = await loadDemoFunds(client);
  const households = await loadDemoHouseholds(client);
  const lifecycle = new DemoLifecycle(client, funds, households);
  const projects = [];
  const byCode = new Map<string, DemoProject>();
  for (const plan of DEMO_PROJECTS) {
    const p = await lifecycle.run(plan);
    byCode.set(plan.code, p);
    projects.push({ code: plan.code, id: p.id!, name: plan.name });
  }
  const assets = await new DemoAssets(client, byCode, households).loadAll();
  // 资金分配结果公告: the county's allocation results of the year, kept online (no end date).
  const body = {
    type: 'announcement',
    regionCode: COUNTY,
    periodStart: ANNOUNCED_ON,
    issuer: '郾城区乡村振兴局',
    hotline: { local: '0395-3396317' },
  };
  await client.write(PublishNoticeDto, body, 'announcement', (b, k) =>
    app.get(NoticesService).publish(client.as('program', COUNTY), b, k),
  );
  return { loaded: true, writes: client.stats.writes, projects, assets };
}
