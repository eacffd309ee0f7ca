import { DomainError } from '../common/errors/domain-error';

export const MAX_PERIOD_YEARS = 10;

export interface Period {
  from: string | null;
  to: string | null;
}

/** The date `years` after an ISO date (29 February → 1 March in a common year, as Date does). */
function yearsAfter(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/**
 * The period of an export from `from`/`to` (or `year`): `to` not before `from`, and at most ten years long
 * (`to` before the day ten years after `from`). An open bound is the whole history on that side.
 */
export function exportPeriod(q: { from?: string; to?: string; year?: number }): Period {
  if (q.year !== undefined) {
    if (q.from !== undefined || q.to !== undefined)
      throw new DomainError(
        'VALIDATION_FAILED',
        'Give either year or from/to, not both / year 与 from/to 不能同时使用',
      );
    return { from: `${q.year}-01-01`, to: `${q.year}-12-31` };
  }
  const from = q.from ?? null;
  const to = q.to ?? null;
  if (from && to && to < from)
    throw new DomainError('VALIDATION_FAILED', `to (${to}) is before from (${from}) / 截止日期早于起始日期`, {
      from,
      to,
    });
  if (from && to && to >= yearsAfter(from, MAX_PERIOD_YEARS))
    throw new DomainError(
      'VALIDATION_FAILED',
      `The period ${from}..${to} is longer than ${MAX_PERIOD_YEARS} years / 导出期间不得超过 ${MAX_PERIOD_YEARS} 年`,
      { from, to, maxYears: MAX_PERIOD_YEARS },
    );
  return { from, to };
}

/** The period as a file-name part: `-2024`, `-2024-01-01_2024-06-30`, `-from-2024-01-01`, or nothing. */
export function periodSuffix(p: Period): string {
  if (p.from && p.to && p.from.endsWith('-01-01') && p.to === `${p.from.slice(0, 4)}-12-31`)
    return `-${p.from.slice(0, 4)}`;
  if (p.from && p.to) return `-${p.from}_${p.to}`;
  if (p.from) return `-from-${p.from}`;
  if (p.to) return `-to-${p.to}`;
  return '';
}
