import { CreateHouseholdDto, ExitHouseholdDto } from '../households/dto/household.dto';
import type { HouseholdCategory, LaborCapacity } from '../households/household.entity';
import { HouseholdsService } from '../households/households.service';
import type { DemoClient } from './demo-client';
import { DEMO_REGIONS } from './demo-regions';
import { demoIdNumber, demoPerson, DemoRandom } from './demo-random';

export interface DemoHousehold {
  id: string;
  headName: string;
  regionCode: string;
  category: HouseholdCategory;
  laborCapacity: LaborCapacity;
  members: number;
  /** Day the household left the list (监测户 whose risk was eliminated), or null. */
  until: string | null;
}

export const DEMO_VILLAGES = DEMO_REGIONS.filter((r) => r.code.slice(9) !== '000').map((r) => r.code);
const PER_VILLAGE = [12, 11, 11, 12, 11, 11, 10, 11, 11];

interface HouseholdPlan {
  body: Record<string, unknown>;
  category: HouseholdCategory;
  laborCapacity: LaborCapacity;
  exit?: { until: string; reason: string };
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The registered households (建档立卡): mostly 脱贫户 listed since 2014–2016, some 监测户 since 2021, four of whom left
 * monitoring in 2026 (风险消除). Always the same names and ID numbers.
 */
export function householdPlans(): HouseholdPlan[] {
  const rnd = new DemoRandom(20260101);
  const plans: HouseholdPlan[] = [];
  let serial = 0;
  DEMO_VILLAGES.forEach((regionCode, v) => {
    for (let i = 0; i < PER_VILLAGE[v]; i++) {
      const person = demoPerson(rnd);
      const category = rnd.weighted<HouseholdCategory>([
        ['lifted', 80],
        ['monitored', 20],
      ]);
      const laborCapacity = rnd.weighted<LaborCapacity>([
        ['full', 55],
        ['partial', 25],
        ['none', 20],
      ]);
      const members = laborCapacity === 'none' ? rnd.int(1, 2) : rnd.int(2, 6);
      const since =
        category === 'lifted'
          ? `${rnd.int(2014, 2016)}-${pad(rnd.int(3, 11))}-${pad(rnd.int(1, 28))}`
          : `${rnd.int(2021, 2025)}-${pad(rnd.int(1, 12))}-${pad(rnd.int(1, 28))}`;
      plans.push({
        body: {
          headName: person.name,
          idNumber: demoIdNumber(regionCode.slice(0, 6), person, ++serial),
          regionCode,
          members,
          laborCapacity,
          category,
          since,
        },
        category,
        laborCapacity,
      });
    }
  });
  // The first monitored household of four villages (in this order, skipping one with none) left monitoring this year.
  const exits = ['2026-06-30', '2026-08-31', '2026-09-30', '2026-10-31'];
  for (const v of [1, 4, 6, 8, 0, 2, 3, 5, 7]) {
    const plan = plans.find((p) => p.body.regionCode === DEMO_VILLAGES[v] && p.category === 'monitored');
    const until = plan && exits.shift();
    if (until) plan.exit = { until, reason: '收入持续稳定,风险已消除,经村民代表评议、乡镇审核后退出监测' };
  }
  return plans;
}

/** Registers the households (and the exits) through the village committees. */
export async function loadDemoHouseholds(client: DemoClient): Promise<DemoHousehold[]> {
  const service = client.app.get(HouseholdsService);
  const loaded: DemoHousehold[] = [];
  let n = 0;
  for (const plan of householdPlans()) {
    const regionCode = plan.body.regionCode as string;
    const village = client.as('village', regionCode);
    const key = `household:${++n}`;
    const household = await client.write(CreateHouseholdDto, plan.body, key, (body, k) =>
      service.create(village, body, k),
    );
    if (plan.exit) {
      await client.write(ExitHouseholdDto, { ...plan.exit }, `${key}:exit`, (body, k) =>
        service.exit(village, household.id, body, k),
      );
    }
    loaded.push({
      id: household.id,
      headName: household.headName,
      regionCode,
      category: plan.category,
      laborCapacity: plan.laborCapacity,
      members: plan.body.members as number,
      until: plan.exit?.until ?? null,
    });
  }
  return loaded;
}
