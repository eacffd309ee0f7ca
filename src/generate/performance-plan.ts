import type { GenHousehold } from './county-plan';
import type { ProjectSpec } from './project-spec';

/** The indicator every other industry project states beside its text goal (and reaches, unless planted). */
export const INCOME_INDICATOR = { name: '带动脱贫户增收', unit: '元/户/年', target: '1200' };

/**
 * 绩效 of a county's projects as part 5 asks: every industry project names its 利益联结 households — those of its
 * village on the list on the day it applies (never a planted household, whose exit is back-dated) — and every
 * other one states a measurable indicator. Projects whose plan already says (planted ones) are left alone.
 */
export function planPerformance(specs: ProjectSpec[], households: GenHousehold[]): void {
  let industry = 0;
  for (const p of specs) {
    if (p.kind !== 'industry' || p.beneficiaryHouseholds) continue;
    const listed = households
      .map((h, i) => ({ h, i }))
      .filter(({ h }) => !h.planted && h.regionCode === p.regionCode && listedOn(h, p.applyOn))
      .map(({ i }) => i);
    p.beneficiaryHouseholds = listed.slice(0, p.beneficiaries.households);
    if (industry++ % 2 === 0 && !p.performanceIndicators) p.performanceIndicators = [INCOME_INDICATOR];
  }
}

/**
 * 收益分配 as the rules ask: every distribution of an operating asset first gives each household of its village
 * without labour capacity listed that day an equal part of what the collective would keep. Distributions whose
 * plan already names households (planted: distribution_skipped_priority) are left as planned.
 */
export function planPriority(specs: ProjectSpec[], households: GenHousehold[]): void {
  for (const p of specs)
    for (const d of p.asset?.distributions ?? []) {
      const collective = d.items.find((it) => it.purpose === 'collective');
      if (!collective || d.items.some((it) => it.household !== undefined)) continue;
      const first = households
        .map((h, i) => ({ h, i }))
        .filter(({ h }) => h.laborCapacity === 'none' && h.regionCode === p.regionCode && listedOn(h, d.on));
      const each = collective.amount / BigInt(first.length + 1);
      for (const { i } of first) d.items.push({ household: i, amount: each });
      collective.amount -= each * BigInt(first.length);
    }
}

function listedOn(h: GenHousehold, on: string): boolean {
  return (h.body.since as string) <= on && (!h.exit || h.exit.until > on);
}
