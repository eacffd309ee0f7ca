import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { isWithin } from '../common/region-code';
import type { PerformanceIndicatorDto, PerformanceResultsDto } from './dto/performance.dto';
import { findHouseholds, listedOn } from './household-eligibility';
import type { IndicatorResult, PerformanceIndicator } from './project.entity';

const invalid = (en: string, zh: string, details?: Record<string, unknown>) =>
  new DomainError('VALIDATION_FAILED', `${en} / ${zh}`, details);

/** Compares two non-negative decimal strings exactly (no floats): −1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const scaled = (v: string) => {
    const [whole, frac = ''] = v.split('.');
    return BigInt(whole + frac.padEnd(4, '0').slice(0, 4));
  };
  const [x, y] = [scaled(a), scaled(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The stated indicators, names trimmed; one indicator per name, so results can be matched to it. */
export function indicatorsOf(list: PerformanceIndicatorDto[] | undefined): PerformanceIndicator[] | undefined {
  if (!list?.length) return undefined;
  const out = list.map((i) => ({ name: i.name.trim(), unit: i.unit.trim(), target: i.target }));
  const names = out.map((i) => i.name);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length)
    throw invalid(`Indicator named twice: ${twice.join(', ')}`, '绩效指标名称重复', { names: [...new Set(twice)] });
  return out;
}

/**
 * 利益联结: every named household must be registered in the project's village (or a village of its township) and
 * on the list on the application date.
 */
export async function assertBeneficiariesListed(
  em: EntityManager,
  ids: string[],
  regionCode: string,
  appliedOn: string,
): Promise<void> {
  const found = await findHouseholds(em, ids);
  const unlisted = ids.filter((id) => {
    const h = found.get(id);
    return !h || !isWithin(regionCode, h.regionCode) || !listedOn(h, appliedOn);
  });
  if (unlisted.length) {
    throw invalid(
      `${unlisted.length} beneficiary household(s) are not listed households of ${regionCode} on ${appliedOn}`,
      '利益联结户须为项目所在村申报日在册的脱贫户(监测户)',
      { householdIds: unlisted },
    );
  }
}

/** The results to record: one actual for every stated indicator, none for an indicator that was not stated. */
export function resultsOf(
  stated: PerformanceIndicator[] | null,
  dto: PerformanceResultsDto,
): { households: number; persons: number; indicators: IndicatorResult[] } {
  const given = (dto.indicators ?? []).map((r) => ({ name: r.name.trim(), actual: r.actual }));
  const names = new Set((stated ?? []).map((i) => i.name));
  const unknown = given.filter((r) => !names.has(r.name)).map((r) => r.name);
  if (unknown.length)
    throw invalid(`No indicator named ${unknown.join(', ')} was stated at application`, '申报时未设定该绩效指标', {
      unknown,
    });
  const seen = given.map((r) => r.name);
  const twice = seen.filter((n, i) => seen.indexOf(n) !== i);
  if (twice.length) throw invalid(`Result given twice for ${twice.join(', ')}`, '绩效指标结果重复', { names: twice });
  const missing = [...names].filter((n) => !seen.includes(n));
  if (missing.length)
    throw invalid(
      `Every stated indicator needs a result; missing: ${missing.join(', ')}`,
      '每项绩效指标均须填报实际值',
      {
        missing,
      },
    );
  // In the order stated, so the notice and the audit print goal and result on the same line.
  const indicators = (stated ?? []).map((i) => given.find((r) => r.name === i.name)!);
  return { households: dto.households, persons: dto.persons, indicators };
}
