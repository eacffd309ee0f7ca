import { demoIdNumber, demoPerson, DemoRandom, demoAccountNo, type DemoPerson } from '../demo/demo-random';
import type { HouseholdCategory, LaborCapacity } from '../households/household.entity';
import { percentOf } from '../projects/project-rules';
import { addMonths } from '../projects/project-rules';
import { addDays, maxDate, minDate } from './gen-dates';
import type { GenCounty } from './province-regions';
import type { AssetSpec, PaymentSpec, ProjectSpec } from './project-spec';

export interface GenHousehold {
  regionCode: string;
  laborCapacity: LaborCapacity;
  body: Record<string, unknown>;
  exit?: { until: string; reason: string };
  /** Kept for planted cases: no normal project names or pays it. */
  planted?: boolean;
}

/** The fund sources of a county's year and their shares of its projects. */
export const SOURCES = [
  ['central', 50],
  ['provincial', 25],
  ['municipal', 10],
  ['county', 15],
] as const;

const KINDS = [
  {
    kind: 'industry',
    category: '产业发展',
    names: ['光伏电站', '标准化养殖场', '冷链仓储中心', '蔬菜大棚', '茶叶加工厂'],
    weight: 55,
  },
  {
    kind: 'works',
    category: '基础设施',
    names: ['村组道路硬化', '安全饮水巩固提升', '农田水利设施', '便民桥'],
    weight: 30,
  },
  { kind: 'other', category: '就业帮扶', names: ['雨露计划补助', '公益岗位补贴'], weight: 15 },
] as const;

const pad = (n: number) => String(n).padStart(2, '0');
const yuan = (n: number) => BigInt(Math.round(n)) * 100n;

/** The county's registered households: mostly 脱贫户 listed long before the history, some 监测户, a few of whom exit. */
/** demoIdNumber's serial wraps every 500 people of a sex: step it until the number is new in the county. */
export function uniqueIdNumber(used: Set<string>, area: string, person: DemoPerson, serial: number): string {
  for (let s = serial; ; s++) {
    const id = demoIdNumber(area, person, s);
    if (!used.has(id)) return (used.add(id), id);
  }
}

export function planHouseholds(
  county: GenCounty,
  perVillage: number,
  firstYear: number,
  end: string,
  rnd: DemoRandom,
): GenHousehold[] {
  const out: GenHousehold[] = [];
  const used = new Set<string>();
  for (const regionCode of county.villages) {
    for (let i = 0; i < perVillage; i++) {
      const person = demoPerson(rnd);
      const category = rnd.weighted<HouseholdCategory>([
        ['lifted', 80],
        ['monitored', 20],
      ]);
      // The first household of each village cannot work, the second can: the priority rules have both to see.
      const laborCapacity: LaborCapacity =
        i === 0
          ? 'none'
          : i === 1
            ? 'full'
            : rnd.weighted([
                ['full', 55],
                ['partial', 25],
                ['none', 20],
              ]);
      const since =
        category === 'lifted'
          ? `${rnd.int(2014, 2016)}-${pad(rnd.int(3, 11))}-${pad(rnd.int(1, 28))}`
          : `${firstYear - rnd.int(2, 3)}-${pad(rnd.int(1, 12))}-${pad(rnd.int(1, 28))}`;
      const h: GenHousehold = {
        regionCode,
        laborCapacity,
        body: {
          headName: person.name,
          idNumber: uniqueIdNumber(used, county.code.slice(0, 6), person, out.length),
          regionCode,
          members: laborCapacity === 'none' ? rnd.int(1, 2) : rnd.int(2, 6),
          laborCapacity,
          category,
          since,
        },
      };
      if (category === 'monitored' && i > 1 && rnd.int(0, 99) < 30) {
        const until = `${rnd.int(firstYear, firstYear + 2)}-${pad(rnd.int(1, 12))}-${pad(rnd.int(1, 28))}`;
        if (until <= end) h.exit = { until, reason: '收入持续稳定,风险已消除,经村民代表评议、乡镇审核后退出监测' };
      }
      out.push(h);
    }
  }
  return out;
}

export interface CountyYearPlan {
  projects: ProjectSpec[];
}

/**
 * A county's projects of one year, each step three to five weeks after the one before and cut off at the end of the
 * history, so that every state is present (the third of the first year is rejected) and none is stalled.
 */
export function planCountyYear(
  county: GenCounty,
  year: number,
  count: number,
  end: string,
  households: GenHousehold[],
  contractors: Array<{ name: string; accountNo: string }>,
  rnd: DemoRandom,
): ProjectSpec[] {
  const out: ProjectSpec[] = [];
  // Each work goes to the contractor with the least so far this year: no normal payee nears the concentration limit.
  const load = new Map(contractors.map((c) => [c, 0n]));
  const leastLoaded = (budget: bigint) => {
    const c = [...load.entries()].reduce((a, b) => (b[1] < a[1] ? b : a))[0];
    load.set(c, load.get(c)! + budget);
    return c;
  };
  let failedOne = false;
  for (let n = 0; n < count; n++) {
    const k = rnd.weighted(KINDS.map((x) => [x, x.weight] as const));
    const village = rnd.pick(county.villages);
    const code = `${year}${String(n + 1).padStart(4, '0')}`;
    // The last year runs to the end of the history, so its late applications are still being reviewed.
    const lastMonth = year === +end.slice(0, 4) ? 12 : 9;
    // …and its last two projects were filed lately: one still waits for its review, one for its approval.
    const late = year === +end.slice(0, 4) ? count - n : 0;
    const applyOn =
      late === 1
        ? addDays(end, -3)
        : late === 2
          ? addDays(end, -25)
          : `${year}-${pad(rnd.int(2, lastMonth))}-${pad(rnd.int(1, 28))}`;
    if (applyOn > end) continue;
    const source = rnd.weighted(SOURCES.map(([s, w]) => [s, w] as const));
    const p: ProjectSpec = {
      code,
      name: `${county.name}${village.slice(9)}村${year}年${rnd.pick(k.names)}项目`,
      regionCode: village,
      category: k.category,
      kind: k.kind,
      budget: yuan(rnd.int(40, 300) * 10_000),
      fundKey: `${year}:${source}`,
      applyOn,
      payments: [],
      beneficiaries: { households: rnd.int(10, 60), persons: rnd.int(30, 200) },
      performanceGoal: '带动脱贫户和监测户稳定增收,项目验收合格率100%,群众满意度≥95%',
    };
    const roll = n === 2 && year === +end.slice(0, 4) - 2 ? 0 : rnd.int(0, 99);
    const reviewOn = addDays(applyOn, rnd.int(10, 20));
    if (late === 2) {
      out.push({ ...p, reviewOn: minDate(reviewOn, end) });
      continue;
    }
    if (roll < 4 && !late) p.end = { step: 'reject', on: reviewOn };
    else p.reviewOn = reviewOn;
    if (roll >= 4 && roll < 8) p.end = { step: 'cancel', on: addDays(reviewOn, rnd.int(3, 10)) };
    if (!p.end) {
      p.approveOn = maxDate(addDays(reviewOn, rnd.int(7, 20)), `${year}-03-20`);
      p.startOn = addDays(p.approveOn, rnd.int(12, 25));
      p.completeOn = addDays(p.startOn, rnd.int(60, 150));
      p.acceptOn = addDays(p.completeOn, rnd.int(15, 40));
      if (k.kind === 'other') planSubsidy(p, village, households, rnd);
      else planWorks(p, k.kind, village, end, leastLoaded, rnd);
      // The first project of the last year that reaches acceptance fails it (验收不合格): one per county.
      if (year === +end.slice(0, 4) && !failedOne && p.acceptOn! <= end) {
        failedOne = true;
        p.end = { step: 'fail', on: p.acceptOn! };
        delete p.acceptOn;
        delete p.asset;
      }
    }
    out.push(cut(p, end));
  }
  return out;
}

function planWorks(
  p: ProjectSpec,
  kind: string,
  village: string,
  end: string,
  contractorFor: (budget: bigint) => { name: string; accountNo: string },
  rnd: DemoRandom,
): void {
  p.budget = yuan(rnd.int(40, 300) * 10_000);
  p.contractor = contractorFor(p.budget);
  const pay = (kindOf: PaymentSpec['kind'], amount: bigint, on: string): PaymentSpec => ({
    kind: kindOf,
    amount,
    on,
    payee: { contractor: true },
  });
  const advance = percentOf(p.budget, 30);
  const progress = percentOf(p.budget, 40);
  p.payments.push(
    pay('advance', advance, addDays(p.startOn!, 1)),
    pay('progress', progress, addDays(p.startOn!, rnd.int(35, 55))),
  );
  const retentionPath = kind === 'works' && addDays(addMonths(p.acceptOn!, 12), 20) <= end && rnd.int(0, 99) < 40;
  let settledOn = p.acceptOn!;
  if (retentionPath) {
    const retention = percentOf(p.budget, 3);
    const finalOn = addDays(p.acceptOn!, rnd.int(8, 15));
    p.payments.push(pay('final', p.budget - advance - progress - retention, finalOn));
    settledOn = addDays(addMonths(p.acceptOn!, 12), rnd.int(1, 15));
    p.payments.push(pay('retention_release', retention, settledOn));
  } else {
    p.payments.push(pay('progress', p.budget - advance - progress, addDays(p.completeOn!, rnd.int(3, 10))));
  }
  const on = addDays(settledOn, rnd.int(5, 20));
  p.asset =
    kind === 'works'
      ? {
          assetClass: 'public_welfare',
          on,
          owner: { type: 'department', name: '县交通运输局' },
          transferOn: addDays(on, rnd.int(20, 40)),
          incomes: [],
          distributions: [],
        }
      : operating(on, village, end, rnd);
}

export function operating(on: string, village: string, end: string, rnd: DemoRandom): AssetSpec {
  const a: AssetSpec = {
    assetClass: 'operating',
    on,
    owner: { type: 'village_collective' },
    incomes: [],
    distributions: [],
  };
  for (let d = addDays(on, 90); d <= end; d = addDays(d, 182)) {
    const amount = yuan(rnd.int(2, 12) * 1000);
    a.incomes.push({ on: d, amount });
    const dOn = addDays(d, 20);
    if (dOn <= end)
      a.distributions.push({
        on: dOn,
        items: [
          { purpose: 'public_welfare_job', amount: amount / 2n },
          { purpose: 'collective', amount: amount - amount / 2n },
        ],
      });
  }
  void village;
  return a;
}

function planSubsidy(p: ProjectSpec, village: string, households: GenHousehold[], rnd: DemoRandom): void {
  const rounds = [addDays(p.startOn!, 10), addDays(p.startOn!, 50)];
  const listed = households
    .map((h, i) => ({ h, i }))
    .filter(({ h }) => h.regionCode === village && (!h.exit || h.exit.until > rounds[1]))
    .slice(0, rnd.int(4, 12));
  const each = yuan(rnd.pick([1000, 1500, 2000]));
  for (const on of rounds)
    for (const { i } of listed) p.payments.push({ kind: 'household', amount: each, on, payee: { household: i } });
  p.budget = each * BigInt(listed.length * rounds.length) || yuan(1000);
  p.finalCost = 'paid';
  p.completeOn = addDays(rounds[1], rnd.int(5, 20));
  p.acceptOn = addDays(p.completeOn, rnd.int(15, 40));
}

/** Drops whatever would happen after the end of the history. */
export function cut(p: ProjectSpec, end: string): ProjectSpec {
  for (const step of ['reviewOn', 'approveOn', 'startOn', 'completeOn', 'acceptOn'] as const)
    if (p[step] && p[step]! > end) delete p[step];
  if (p.end && p.end.on > end) delete p.end;
  p.payments = p.payments.filter((x) => x.on <= end);
  if (p.asset) {
    if (p.asset.on > end || !p.acceptOn) delete p.asset;
    else {
      if (p.asset.transferOn && p.asset.transferOn > end) delete p.asset.transferOn;
    }
  }
  return p;
}

export function contractorsOf(county: GenCounty, rnd: DemoRandom): Array<{ name: string; accountNo: string }> {
  const words = ['路桥', '水利', '建筑', '园林', '农业开发', '电力', '市政', '建工', '鑫源', '宏达', '恒通', '华誉'];
  return words.map((w) => ({ name: `${county.name}${w}工程有限公司`, accountNo: demoAccountNo(rnd) }));
}
