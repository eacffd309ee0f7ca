import { demoAccountNo, demoPerson, DemoRandom } from '../demo/demo-random';
import { percentOf } from '../projects/project-rules';
import type { RuleCode } from '../audit/findings/rule-codes';
import { type GenHousehold, uniqueIdNumber } from './county-plan';
import { addDays, maxDate } from './gen-dates';
import { INCOME_INDICATOR } from './performance-plan';
import type { GenCounty } from './province-regions';
import type { PaymentSpec, ProjectIds, ProjectSpec } from './project-spec';

export interface PlantedCase {
  subjectType: string;
  id: string;
  book: string;
  year?: number;
  note?: string;
}
export type Manifest = Partial<Record<RuleCode, PlantedCase[]>>;

/** A planted case whose id is known once the county has been written. */
export interface Pending {
  rule: RuleCode;
  subjectType: string;
  book: string;
  project?: string;
  id?: (ids: ProjectIds) => string;
  year?: number;
  note?: string;
}

const yuan = (n: number) => BigInt(n) * 100n;
const GOAL = '带动脱贫户和监测户稳定增收,项目验收合格率100%,群众满意度≥95%';

/**
 * The irregularities planted in the first county, each arranged so its rule fires clearly with the default thresholds
 * and nothing else about it is odd. No normal project uses a planted household, whose back-dated exit would refuse it.
 */
export function plantCounty(county: GenCounty, households: GenHousehold[], end: string, rnd: DemoRandom) {
  const D = (n: number) => addDays(end, -n);
  const village = county.villages[0];
  const base = households.length;
  const used = new Set<string>(households.map((h) => h.body.idNumber as string));
  for (let i = 0; i < 16; i++) {
    const person = demoPerson(rnd);
    const laborCapacity = i === 0 ? 'none' : 'full';
    households.push({
      regionCode: village,
      laborCapacity,
      body: {
        headName: person.name,
        idNumber: uniqueIdNumber(used, county.code.slice(0, 6), person, 900 + i),
        regionCode: village,
        members: 3,
        laborCapacity,
        category: 'lifted',
        since: '2015-06-01',
      },
      planted: true,
    });
  }
  const H = (i: number) => base + i;
  const projects: ProjectSpec[] = [];
  const pending: Pending[] = [];
  const contractor = { name: `${county.name}远航建设工程有限公司`, accountNo: demoAccountNo(rnd) };
  const mk = (
    code: string,
    kind: 'industry' | 'works' | 'other',
    budget: number,
    steps: { apply: number; accept?: number; complete?: number; start?: number; approve?: number },
  ): ProjectSpec => {
    const approveOn =
      steps.approve !== undefined ? maxDate(D(steps.approve), `${D(steps.approve).slice(0, 4)}-01-03`) : undefined;
    const p: ProjectSpec = {
      code: `planted-${code}`,
      name: `${county.name}${code}项目(${kind === 'industry' ? '产业' : kind === 'works' ? '道路' : '补助'})`,
      regionCode: village,
      category: kind === 'industry' ? '产业发展' : kind === 'works' ? '基础设施' : '就业帮扶',
      kind,
      budget: yuan(budget),
      fundKey: `${(approveOn ?? end).slice(0, 4)}:county-planted`,
      applyOn: D(steps.apply),
      reviewOn: addDays(D(steps.apply), 12),
      approveOn,
      startOn: steps.start !== undefined ? D(steps.start) : undefined,
      completeOn: steps.complete !== undefined ? D(steps.complete) : undefined,
      acceptOn: steps.accept !== undefined ? D(steps.accept) : undefined,
      contractor: kind === 'other' ? undefined : contractor,
      payments: [],
      beneficiaries: { households: 20, persons: 60 },
      performanceGoal: GOAL,
    };
    projects.push(p);
    return p;
  };
  const pay = (
    kind: PaymentSpec['kind'],
    amount: number,
    on: string,
    payee: PaymentSpec['payee'] = { contractor: true },
  ): PaymentSpec => ({ kind, amount: yuan(amount), on, payee });
  const full = (p: ProjectSpec) => {
    p.payments.push(
      pay('advance', Number(percentOf(p.budget, 30) / 100n), addDays(p.startOn!, 1)),
      pay('progress', Number((p.budget - percentOf(p.budget, 30)) / 100n), addDays(p.completeOn!, 3)),
    );
  };
  const project = (rule: RuleCode, code: string, note?: string) =>
    pending.push({ rule, subjectType: 'project', book: county.code, project: code, id: (ids) => ids.projectId!, note });

  mk('approved-not-started', 'works', 600_000, { apply: 190, approve: 150 });
  project('approved_not_started', 'approved-not-started');
  const cna = mk('completed-not-accepted', 'works', 600_000, { apply: 340, approve: 300, start: 285, complete: 120 });
  cna.payments.push(pay('advance', 180_000, D(284)), pay('progress', 240_000, D(230)));
  project('completed_not_accepted', 'completed-not-accepted');
  const ans = mk('accepted-not-settled', 'works', 600_000, {
    apply: 400,
    approve: 360,
    start: 340,
    complete: 190,
    accept: 150,
  });
  ans.payments.push(pay('advance', 180_000, D(339)), pay('progress', 240_000, D(250)));
  project('accepted_not_settled', 'accepted-not-settled');
  full(mk('without-assets', 'works', 500_000, { apply: 450, approve: 410, start: 390, complete: 230, accept: 200 }));
  project('accepted_without_assets', 'without-assets');
  const below = mk('assets-below-paid', 'works', 500_000, {
    apply: 560,
    approve: 520,
    start: 500,
    complete: 330,
    accept: 300,
  });
  full(below);
  below.asset = {
    assetClass: 'public_welfare',
    on: D(280),
    value: yuan(250_000),
    owner: { type: 'village_collective' },
    incomes: [],
    distributions: [],
  };
  project('assets_below_paid', 'assets-below-paid', 'paid 500,000, its asset registered at 250,000');
  below.results = 'none';
  project('performance_result_missing', 'assets-below-paid', 'accepted without recording its results');
  const split = mk('split', 'works', 800_000, { apply: 180, approve: 150, start: 130 });
  for (const n of [100, 95, 90, 85, 80]) split.payments.push(pay('progress', 95_000, D(n)));
  project('split_payments', 'split', '5 payments of 95,000 yuan to one contractor within 20 days');
  const over = mk('over-contract', 'works', 800_000, { apply: 170, approve: 140, start: 120 });
  over.contractAmount = yuan(500_000);
  over.payments.push(pay('advance', 100_000, D(119)), pay('progress', 250_000, D(70)), pay('progress', 200_000, D(40)));
  project('over_contract', 'over-contract', 'paid 550,000 on a 500,000 contract');
  const many = mk('one-account', 'works', 600_000, { apply: 160, approve: 130, start: 110 });
  many.payments.push(
    pay('advance', 150_000, D(109)),
    pay('progress', 150_000, D(60), {
      name: `${county.name}宏发劳务队`,
      type: 'contractor',
      accountNo: contractor.accountNo,
    }),
  );
  project('one_account_many_names', 'one-account', 'one account under two payee names');
  const exitP = mk('paid-after-exit', 'other', 4_000, { apply: 330, approve: 290, start: 270 });
  exitP.payments.push(pay('household', 2_000, D(200), { household: H(2) }));
  pending.push({
    rule: 'paid_after_exit',
    subjectType: 'household',
    book: county.code,
    project: exitP.code,
    id: () => `household#${H(2)}`,
    note: 'paid, then the exit was recorded with an earlier date',
  });
  const individual = mk('works-to-individual', 'works', 300_000, { apply: 200, approve: 170, start: 150 });
  individual.payments.push(pay('advance', 90_000, D(149)), pay('household', 30_000, D(90), { household: H(3) }));
  project('works_paid_to_individual', 'works-to-individual');
  const cash = mk('industry-cash', 'industry', 40_000, {
    apply: 330,
    approve: 300,
    start: 280,
    complete: 230,
    accept: 200,
  });
  for (let i = 4; i < 9; i++) cash.payments.push(pay('household', 8_000, D(260), { household: H(i) }));
  cash.finalCost = 'paid';
  cash.beneficiaryHouseholds = [];
  project('industry_cash_to_households', 'industry-cash');
  project('beneficiaries_not_listed', 'industry-cash', 'names no beneficiary households');
  // Applied naming a household while it was listed; its exit, recorded later, is dated before the application.
  mk('unlisted-beneficiaries', 'industry', 300_000, { apply: 215 }).beneficiaryHouseholds = [H(2)];
  project('beneficiaries_not_listed', 'unlisted-beneficiaries', 'names a household whose exit predates it');
  const op = (
    code: string,
    dates: { apply: number; approve: number; start: number; complete: number; accept: number },
    asset: number,
  ) => {
    const p = mk(code, 'industry', 400_000, dates);
    full(p);
    p.asset = {
      assetClass: 'operating',
      on: D(asset),
      owner: { type: 'village_collective' },
      incomes: [],
      distributions: [],
    };
    return p;
  };
  op('no-income', { apply: 800, approve: 760, start: 740, complete: 580, accept: 540 }, 520);
  pending.push({
    rule: 'asset_without_income',
    subjectType: 'asset',
    book: county.code,
    project: 'planted-no-income',
    id: (ids) => ids.assetId!,
  });
  const und = op('undistributed', { apply: 800, approve: 760, start: 740, complete: 580, accept: 540 }, 520);
  und.asset!.incomes.push({ on: D(450), amount: yuan(20_000) });
  und.performanceGoal = '带动脱贫户200户稳定增收,户均增收2000元以上';
  und.beneficiaries = { households: 200, persons: 600 };
  pending.push({
    rule: 'income_undistributed',
    subjectType: 'asset',
    book: county.code,
    project: und.code,
    id: (ids) => ids.assetId!,
  });
  und.performanceIndicators = [INCOME_INDICATOR];
  und.results = { households: 20, persons: 60, indicators: [{ name: INCOME_INDICATOR.name, actual: '400' }] };
  project('performance_below_goal', 'undistributed', 'reached 20 of 200 households, 400 of 1200 yuan a household');
  const skip = op('skipped-priority', { apply: 640, approve: 600, start: 580, complete: 440, accept: 410 }, 400);
  skip.asset!.incomes.push({ on: D(300), amount: yuan(30_000) });
  skip.asset!.distributions.push({
    on: D(280),
    items: [
      { household: H(1), amount: yuan(6_000) },
      { household: H(5), amount: yuan(6_000) },
      { purpose: 'collective', amount: yuan(18_000) },
    ],
  });
  pending.push({
    rule: 'distribution_skipped_priority',
    subjectType: 'distribution',
    book: county.code,
    project: skip.code,
    id: (ids) => ids.distributionIds[0],
  });
  const silent = mk('no-completion-notice', 'works', 500_000, {
    apply: 450,
    approve: 410,
    start: 390,
    complete: 280,
    accept: 250,
  });
  full(silent);
  silent.skipNotices = ['completion'];
  silent.asset = {
    assetClass: 'public_welfare',
    on: D(240),
    owner: { type: 'village_collective' },
    incomes: [],
    distributions: [],
  };
  project('notice_missing', 'no-completion-notice', 'settled without a completion notice (验收公示)');
  mk('no-approval-notice', 'works', 500_000, { apply: 60, approve: 30 }).skipNotices = ['approval'];
  project('notice_missing', 'no-approval-notice', 'approved without an approval notice (批复公示)');
  // 冲正频繁: twelve household payments in one month, each reversed in the same month.
  const month = D(75).slice(0, 7);
  const rev = mk('reversals', 'other', 40_000, { apply: 200, approve: 170, start: 150 });
  for (let i = 0; i < 12; i++)
    rev.payments.push({
      ...pay('household', 1_000, `${month}-${String(i + 1).padStart(2, '0')}`, { household: H(4 + i) }),
      reverseOn: `${month}-${String(i + 14).padStart(2, '0')}`,
    });
  pending.push({
    rule: 'reversals_above_limit',
    subjectType: 'book',
    book: county.code,
    id: () => county.code,
    note: `12 reversals in ${month}`,
  });
  return { projects, pending, exitHousehold: H(2), exitOn: D(195), exitUntil: D(230) };
}
