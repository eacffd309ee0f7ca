import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DemoClient } from '../demo/demo-client';
import { DemoRandom } from '../demo/demo-random';
import { payeeKey } from '../projects/post-disbursement.service';
import { RegionsService } from '../regions/regions.service';
import { contractorsOf, planCountyYear, planHouseholds, type GenHousehold } from './county-plan';
import { CountyRunner } from './county-runner';
import { historyEnd, minDate } from './gen-dates';
import { ProvincePlanting } from './plant-province';
import { Manifest, plantCounty } from './plant';
import { planPerformance, planPriority } from './performance-plan';
import { scheduleProject } from './project-runner';
import type { ProjectIds, ProjectSpec } from './project-spec';
import { buildProvince, GenProvince } from './province-regions';
import { FundNeeds, writeYearFunds } from './province-funds';
import { tamper } from './tamper';

export interface GenerateOptions {
  counties: number;
  /** Target number of journal entries; villages, households and projects scale to reach it roughly. */
  entries: number;
  seed: number;
  /** The last year of the three-year history (default: this year, up to yesterday). */
  year: number;
  /** Counties written at once. */
  concurrency: number;
  /** Plant the two integrity cases (a tampered posting, a drifted projection row) in the last county. */
  tamper: boolean;
}

export interface GenerateResult {
  province: GenProvince;
  end: string;
  manifest: Manifest;
  writes: number;
}

const HOUSEHOLDS_PER_VILLAGE = 15;
/** Entries a project writes on average (steps, notices, payments, asset and its money), measured on small runs. */
const ENTRIES_PER_PROJECT = 14;

/** Runs `fn` over `items`, `limit` at a time. */
export async function parallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Builds the province through the services a year at a time, funds first, then `concurrency` counties at once, each
 * in date order (the journal batches each book's appends and commits several books in parallel).
 */
export async function generateProvince(
  app: INestApplication,
  o: GenerateOptions,
  onWrite: (n: number) => void,
): Promise<GenerateResult> {
  const end = historyEnd(o.year);
  const Y = +end.slice(0, 4);
  const years = [Y - 2, Y - 1, Y];
  const perCounty = o.entries / o.counties;
  const villages = Math.max(3, Math.round((perCounty * 0.25) / HOUSEHOLDS_PER_VILLAGE));
  const perYear = Math.max(8, Math.round((perCounty * 0.75) / 3 / ENTRIES_PER_PROJECT));
  const province = buildProvince(o.counties, villages, o.seed);
  await app.get(RegionsService).upsertMany(province.regions);
  const client = new DemoClient(app, `gen:${o.seed}`);
  let writes = 0;
  const count = (n = 1) => {
    writes += n;
    onWrite(n);
  };
  await client.actor('gen 省财政厅', 'finance', province.code);
  for (const c of province.cities) await client.actor(`gen ${c.name}财政局`, 'finance', c.code);

  const countyFunds = new Map<string, Map<string, string>>();
  const needs = new Map<number, FundNeeds>(years.map((y) => [y, new Map()]));
  const runners: CountyRunner[] = [];
  const planned = new Map<string, Array<{ spec: ProjectSpec; ids?: ProjectIds }>>();
  const plants: ReturnType<typeof plantCounty>[] = [];
  const planting = new ProvincePlanting(province, years, end);
  for (const county of province.counties) {
    const rnd = new DemoRandom(o.seed * 7919 + county.index);
    const households: GenHousehold[] = planHouseholds(county, HOUSEHOLDS_PER_VILLAGE, Y - 2, end, rnd);
    const contractors = contractorsOf(county, rnd);
    const byYear = years.map((y) => planCountyYear(county, y, perYear, end, households, contractors, rnd));
    let specs = byYear.flat();
    if (county.index === 0) {
      const plant = plantCounty(county, households, end, rnd);
      plants.push(plant);
      specs = [...planting.adjust(county, byYear, rnd, true), ...plant.projects];
    } else specs = planting.adjust(county, byYear, rnd, false);
    planPerformance(specs, households);
    planPriority(specs, households);
    for (const spec of specs) {
      if (!spec.approveOn) continue;
      const y = +spec.approveOn.slice(0, 4);
      const source = spec.fundKey.split(':')[1];
      const m = needs.get(y)!;
      if (!m.has(county.code)) m.set(county.code, new Map());
      m.get(county.code)!.set(source, (m.get(county.code)!.get(source) ?? 0n) + spec.budget);
    }
    const runner = new CountyRunner(client, county, households, () => count());
    countyFunds.set(county.code, runner.fundIds);
    runners.push(runner);
    planned.set(
      county.code,
      specs.map((spec) => ({ spec })),
    );
  }
  planting.addNeeds(needs);
  await parallel(runners, o.concurrency, (r) => r.actors());
  await parallel(runners, o.concurrency, (r) => r.registerHouseholds());
  for (const r of runners) {
    for (const p of planned.get(r.county.code)!) p.ids = scheduleProject(r, p.spec);
    for (const y of years) {
      const on = `${y}-04-01`;
      if (on <= end && !planting.skipAnnouncement(r.county.code, y)) r.at(on, () => r.announce(on, y));
    }
  }
  const first = runners[0];
  const plant = plants[0];
  first.at(plant.exitOn, () =>
    first.exitNow(plant.exitHousehold, plant.exitUntil, `household:${plant.exitHousehold}:exit`),
  );

  const writer = {
    client,
    onWrite: count,
    countyFunds,
    parallel: <T>(items: T[], fn: (i: T) => Promise<void>) => parallel(items, o.concurrency, fn),
  };
  for (const y of years) {
    await writeYearFunds(writer, province, y, needs.get(y)!);
    await planting.afterFunds(writer, y);
    await parallel(runners, o.concurrency, (r) => r.runUntil(minDate(`${y}-12-31`, end)));
  }

  const manifest: Manifest = {};
  const add = (rule: keyof Manifest, c: Manifest[keyof Manifest] & object) =>
    (manifest[rule] = [...(manifest[rule] ?? []), ...c]);
  const idsOf = (code: string) =>
    planned.get(first.county.code)!.find((p) => p.spec.code === code || p.spec.code === `planted-${code}`)!.ids!;
  for (const p of plant.pending) {
    const id = p.project ? p.id!(idsOf(p.project)) : p.id!({ disbursementIds: [], distributionIds: [] });
    const resolved = id.startsWith('household#') ? first.householdIds[+id.slice(10)] : id;
    add(p.rule, [{ subjectType: p.subjectType, id: resolved, book: p.book, ...(p.note ? { note: p.note } : {}) }]);
  }
  for (const [rule, cases] of Object.entries(planting.cases(countyFunds))) add(rule as keyof Manifest, cases);
  const concentrated = planting.concentratedPayee;
  if (concentrated)
    add('payee_concentration', [
      {
        subjectType: 'payee',
        id: `payee:${payeeKey({ name: concentrated.name, type: 'contractor' } as never)}`,
        book: first.county.code,
        year: Y - 2,
        note: concentrated.name,
      },
    ]);
  if (o.tamper) {
    const last = province.counties[province.counties.length - 1].code;
    for (const [rule, cases] of Object.entries(await tamper(app.get(DataSource), last)))
      add(rule as keyof Manifest, cases);
  }
  return { province, end, manifest, writes };
}
