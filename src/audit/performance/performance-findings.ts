import type { EntityManager } from 'typeorm';
import { fenToYuan } from '../../common/money';
import { isWithin, subtreePrefix } from '../../common/region-code';
import { findHouseholds, listedOn } from '../../projects/household-eligibility';
import type { Finding, FindingRule, FindingScope } from '../findings/finding';
import { INDUSTRY_SQL } from '../project-kind';
import { evidenceOf, loadAccepted, Measure, resultRecorded, shortfallsOf } from './performance-rows';

const subject = (row: { id: string; name: string }) => ({ type: 'project' as const, id: row.id, name: row.name });

/** 未填报绩效结果: accepted, and nobody recorded what the money achieved. */
const resultMissing: FindingRule = {
  code: 'performance_result_missing',
  title: 'Accepted project without recorded performance results',
  async run(em, scope) {
    const rows = await loadAccepted(em, scope);
    return rows
      .filter((r) => !resultRecorded(r))
      .map((r): Finding => ({
        rule: 'performance_result_missing',
        severity: 'medium',
        subject: subject(r),
        amount: fenToYuan(r.finalCost),
        since: r.acceptedOn,
        detail:
          `项目“${r.name}”已于${r.acceptedOn}验收,但未填报绩效结果(受益户数、人数及各项绩效指标实际值),` +
          `无法对照绩效目标评价资金使用效果;请项目主管部门核实实际成效并补充公示。`,
        detailEn:
          `Project "${r.name}" was accepted on ${r.acceptedOn} without recorded performance results ` +
          `(households, persons, each indicator's actual value), so its goal cannot be checked; the program ` +
          `office should establish the actual results and publish them.`,
        evidence: evidenceOf(r),
      }));
  },
};

const zh = (m: Measure) => `${m.name}实际${m.actual}${m.unit}、目标${m.target}${m.unit}`;
const en = (m: Measure) => `${m.name} ${m.actual} against ${m.target} ${m.unit}`;

/** 绩效未达目标: households or persons reached below those stated, or an indicator below its target. */
const belowGoal: FindingRule = {
  code: 'performance_below_goal',
  title: 'Performance results below the goal',
  async run(em, scope) {
    const rows = await loadAccepted(em, scope);
    const found: Finding[] = [];
    for (const r of rows) {
      const short = shortfallsOf(r);
      if (!short.length) continue;
      found.push({
        rule: 'performance_below_goal',
        severity: 'medium',
        subject: subject(r),
        amount: fenToYuan(r.finalCost),
        since: r.acceptedOn,
        detail:
          `项目“${r.name}”${r.acceptedOn}验收时绩效未达到申报目标:${short.map(zh).join(';')}。` +
          `请核实原因,督促整改,并在安排后续资金时予以考虑。`,
        detailEn:
          `Project "${r.name}" fell short of its goal at acceptance on ${r.acceptedOn}: ` +
          `${short.map(en).join('; ')}. Establish why, have it remedied, and weigh it in later allocations.`,
        evidence: evidenceOf(r),
      });
    }
    return found;
  },
};

interface IndustryProject {
  id: string;
  name: string;
  region_code: string;
  book: string;
  entry_seq: string;
  applied_on: string;
  named: string[] | null;
}

/** Industry projects applied for by `asOf` and not rejected or cancelled by then. */
function industryProjects(em: EntityManager, scope: FindingScope): Promise<IndustryProject[]> {
  return em.query(
    `SELECT id, name, region_code, book, entry_seq, applied_on::text AS applied_on,
            beneficiary_household_ids::text[] AS named
       FROM project
      WHERE region_code LIKE $1 AND applied_on <= $2 AND ${INDUSTRY_SQL('category')}
        AND NOT (status = 'rejected' AND reviewed_on <= $2) AND (cancelled_on IS NULL OR cancelled_on > $2)
      ORDER BY applied_on, id`,
    [`${subtreePrefix(scope.regionCode)}%`, scope.asOf],
  );
}

/**
 * 利益联结户不在名单: an industry project must benefit named households of its villages that were on the list
 * when it applied; none named, or named ones that were not, leave its 带贫 effect unverifiable.
 */
const beneficiariesNotListed: FindingRule = {
  code: 'beneficiaries_not_listed',
  title: 'Industry project whose beneficiaries are not listed households of its villages',
  async run(em, scope) {
    const projects = await industryProjects(em, scope);
    const households = await findHouseholds(em, [...new Set(projects.flatMap((p) => p.named ?? []))]);
    const found: Finding[] = [];
    for (const p of projects) {
      const named = p.named ?? [];
      const unlisted = named.filter((id) => {
        const h = households.get(id);
        return !h || !isWithin(p.region_code, h.regionCode) || !listedOn(h, p.applied_on);
      });
      if (named.length && !unlisted.length) continue;
      const base = {
        rule: 'beneficiaries_not_listed' as const,
        subject: subject(p),
        since: p.applied_on,
        evidence: [{ book: p.book, seq: Number(p.entry_seq) }],
      };
      found.push(
        named.length === 0
          ? {
              ...base,
              severity: 'medium',
              detail:
                `产业项目“${p.name}”申报时未明确利益联结的脱贫户(监测户),带贫成效无法核实;` +
                `请补充项目所在村在册户的利益联结名单。`,
              detailEn:
                `Industry project "${p.name}" named no beneficiary households when it applied, so its effect on ` +
                `poor households cannot be verified; have it name listed households of its villages.`,
            }
          : {
              ...base,
              severity: 'high',
              detail:
                `产业项目“${p.name}”申报的${named.length}户利益联结户中有${unlisted.length}户在申报日` +
                `(${p.applied_on})不是项目所在村的在册脱贫户(监测户);请核实是否虚报受益对象。`,
              detailEn:
                `${unlisted.length} of the ${named.length} beneficiary households named by industry project ` +
                `"${p.name}" were not listed households of its villages on ${p.applied_on}, the day it applied; ` +
                `check whether its beneficiaries were falsely reported.`,
            },
      );
    }
    return found;
  },
};

/** 绩效 rules: accepted projects without results or below their goal, beneficiaries not named households. */
export const PERFORMANCE_RULES: FindingRule[] = [resultMissing, belowGoal, beneficiariesNotListed];
