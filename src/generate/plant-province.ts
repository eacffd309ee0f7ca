import { DemoRandom, demoAccountNo } from '../demo/demo-random';
import { fenToYuan } from '../common/money';
import { percentOf } from '../projects/project-rules';
import { operating } from './county-plan';
import { recordedFund, type FundNeeds, type FundWriter } from './province-funds';
import { AllocateFundDto, CreateFundDto } from '../funds/dto/fund.dto';
import { FundsService } from '../funds/funds.service';
import { addDays } from './gen-dates';
import type { GenCounty, GenProvince } from './province-regions';
import type { PlantedCase } from './plant';
import type { ProjectSpec } from './project-spec';

const yuan = (n: number) => BigInt(n) * 100n;
const INDUSTRY_FLOOR = 60;
const IDLE_AMOUNT = yuan(800_000);
const HELD_AMOUNT = yuan(5_000_000);

/**
 * The planted cases that span a county's years or the levels above it: a county-year without industry projects,
 * payee concentration, slow spending, idle and held-back money, a missing announcement. Normal counties get their
 * industry share topped up above the floor instead, so that rule stays quiet where nothing is planted.
 */
export class ProvincePlanting {
  concentratedPayee?: { name: string };
  private planted?: GenCounty;
  private slowSpending = false;
  private heldFund?: { id: string; book: string };

  constructor(
    private readonly province: GenProvince,
    private readonly years: number[],
    private readonly end: string,
  ) {}

  adjust(county: GenCounty, byYear: ProjectSpec[][], rnd: DemoRandom, planted: boolean): ProjectSpec[] {
    const [y0, y1, y2] = this.years;
    byYear.forEach((specs, i) => {
      if (planted && this.years[i] === y1) for (const p of specs) toWorks(p);
      else topUpIndustry(specs, this.end, rnd);
    });
    const specs = byYear.flat();
    if (!planted) return specs;
    this.planted = county;
    const committed = (list: ProjectSpec[]) => list.filter((p) => p.approveOn).reduce((s, p) => s + p.budget, 0n);
    // 收款集中: one contractor is paid as much as the rest of the county's year together.
    const name = `${county.name}巨力建设集团有限公司`;
    const big: ProjectSpec = {
      code: 'planted-concentration',
      name: `${county.name}${y0}年现代农业产业园项目`,
      regionCode: county.villages[1 % county.villages.length],
      category: '产业发展',
      kind: 'industry',
      budget: committed(byYear[0]) + yuan(1_000_000),
      fundKey: `${y0}:central`,
      applyOn: `${y0}-03-01`,
      reviewOn: `${y0}-03-13`,
      approveOn: `${y0}-03-25`,
      startOn: `${y0}-04-10`,
      completeOn: `${y0}-08-01`,
      acceptOn: `${y0}-08-25`,
      contractor: { name, accountNo: demoAccountNo(rnd) },
      payments: [],
      beneficiaries: { households: 300, persons: 900 },
      performanceGoal: '带动脱贫户300户增收',
    };
    big.payments.push(
      { kind: 'advance', amount: percentOf(big.budget, 30), on: `${y0}-04-11`, payee: { contractor: true } },
      {
        kind: 'progress',
        amount: big.budget - percentOf(big.budget, 30),
        on: `${y0}-08-05`,
        payee: { contractor: true },
      },
    );
    big.asset = operating(`${y0}-09-10`, big.regionCode, this.end, rnd);
    this.concentratedPayee = { name };
    const out = [...specs, big];
    // 支出进度滞后: a central fund four times what the county got in three years, committed and paid 10 %.
    if (`${y2}-04-11` <= this.end) {
      this.slowSpending = true;
      const half = ((committed(specs) * 2n) / 100_00n) * 100_00n;
      for (const n of [1, 2]) {
        const p: ProjectSpec = {
          code: `planted-slow-${n}`,
          name: `${county.name}${y2}年特色产业基地建设项目(${n})`,
          regionCode: county.villages[n % county.villages.length],
          category: '产业发展',
          kind: 'industry',
          budget: half,
          fundKey: `${y2}:central-extra`,
          applyOn: `${y2}-03-01`,
          reviewOn: `${y2}-03-13`,
          approveOn: `${y2}-03-25`,
          startOn: `${y2}-04-10`,
          contractor: { name: `${county.name}产业基地建设有限公司`, accountNo: demoAccountNo(rnd) },
          payments: [{ kind: 'advance', amount: percentOf(half, 10), on: `${y2}-04-11`, payee: { contractor: true } }],
          beneficiaries: { households: 500, persons: 1500 },
          performanceGoal: '建成特色产业基地,带动脱贫户500户增收',
        };
        out.push(p);
      }
    }
    return out;
  }

  /** 滞留闲置: a county fund of the first year nobody ever uses. */
  addNeeds(needs: Map<number, FundNeeds>): void {
    const m = needs.get(this.years[0])!;
    const code = this.planted!.code;
    if (!m.has(code)) m.set(code, new Map());
    m.get(code)!.set('county-idle', IDLE_AMOUNT);
  }

  skipAnnouncement(county: string, year: number): boolean {
    return county === this.planted?.code && year === this.years[1];
  }

  /** 截留: in the middle year the province passes provincial money to the planted county's city, which keeps it. */
  async afterFunds(w: FundWriter, year: number): Promise<void> {
    if (year !== this.years[1]) return;
    const funds = w.client.app.get(FundsService);
    const city = this.planted!.cityCode;
    const on = `${year}-04-01`;
    const body = {
      docNo: `湘财农〔${year}〕追加1号`,
      title: `关于追加下达${year}年省级衔接资金的通知`,
      sourceLevel: 'provincial',
      regionCode: this.province.code,
      amount: fenToYuan(HELD_AMOUNT),
      issuedOn: on,
    };
    const topId =
      (await recordedFund(w.client, this.province.code, body.docNo)) ??
      (
        await w.client.write(CreateFundDto, body, `fund:${year}:held`, (b, k) =>
          funds.create(w.client.as('finance', this.province.code), b, k),
        )
      ).id;
    const alloc = {
      toRegionCode: city,
      amount: fenToYuan(HELD_AMOUNT),
      docNo: `湘财农〔${year}〕追加2号`,
      issuedOn: addDays(on, 5),
    };
    const childId =
      (await recordedFund(w.client, city, alloc.docNo)) ??
      (
        await w.client.write(AllocateFundDto, alloc, `fund:${year}:held:to:${city}`, (b, k) =>
          funds.allocate(w.client.as('finance', this.province.code), topId, b, k),
        )
      ).id;
    w.onWrite(3);
    this.heldFund = { id: childId, book: city };
  }

  cases(countyFunds: Map<string, Map<string, string>>): Record<string, PlantedCase[]> {
    const c = this.planted!;
    const [y0, y1] = this.years;
    const out: Record<string, PlantedCase[]> = {
      idle_funds: [
        {
          subjectType: 'fund',
          id: countyFunds.get(c.code)!.get(`${y0}:county-idle`)!,
          book: c.code,
          note: 'never used since its issue',
        },
      ],
      industry_share: [
        { subjectType: 'region', id: c.code, book: c.code, year: y1, note: 'no industry project that year' },
      ],
      announcement_missing: [{ subjectType: 'region', id: c.code, book: c.code, year: y1 }],
    };
    if (this.heldFund)
      out.held_back = [
        {
          subjectType: 'fund',
          id: this.heldFund.id,
          book: this.heldFund.book,
          year: y1,
          note: 'kept by the city, never passed down',
        },
      ];
    if (this.slowSpending)
      out.slow_spending = [
        {
          subjectType: 'region',
          id: c.code,
          book: c.code,
          year: this.years[2],
          note: '10 % of a large central fund paid',
        },
      ];
    return out;
  }
}

function toWorks(p: ProjectSpec): void {
  if (p.kind !== 'industry') return;
  p.kind = 'works';
  p.category = '基础设施';
  if (p.asset)
    p.asset = {
      ...p.asset,
      assetClass: 'public_welfare',
      owner: { type: 'department', name: '县交通运输局' },
      incomes: [],
      distributions: [],
      transferOn: undefined,
    };
}

/** Turns works projects into industry ones until industry holds at least INDUSTRY_FLOOR % of the year's commitments. */
function topUpIndustry(specs: ProjectSpec[], end: string, rnd: DemoRandom): void {
  const approved = specs.filter((p) => p.approveOn);
  const total = approved.reduce((s, p) => s + p.budget, 0n);
  let industry = approved.filter((p) => p.kind === 'industry').reduce((s, p) => s + p.budget, 0n);
  for (const p of approved) {
    if (industry * 100n >= total * BigInt(INDUSTRY_FLOOR)) return;
    if (p.kind !== 'works') continue;
    p.kind = 'industry';
    p.category = '产业发展';
    industry += p.budget;
    if (p.asset) p.asset = operating(p.asset.on, p.regionCode, end, rnd);
  }
}
