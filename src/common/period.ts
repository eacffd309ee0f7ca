import { DomainError } from './errors/domain-error';

/** Exports and open-data queries cover at most ten years: enough for any audit, bounded for the server. */
export const MAX_PERIOD_YEARS = 10;

/** The ISO date `years` after (before, when negative) another; 29 February → 1 March in a common year. */
export function yearsAfter(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The earliest `from` whose period up to `to` is still allowed. */
export const earliestFrom = (to: string): string => yearsAfter(dayAfter(to), -MAX_PERIOD_YEARS);

/** `to` not before `from`, and `to` before the day ten years after `from`. */
export function assertPeriod(from: string, to: string): void {
  if (to < from)
    throw new DomainError('VALIDATION_FAILED', `to (${to}) is before from (${from}) / 截止日期早于起始日期`, {
      from,
      to,
    });
  if (to >= yearsAfter(from, MAX_PERIOD_YEARS))
    throw new DomainError(
      'VALIDATION_FAILED',
      `The period ${from}..${to} is longer than ${MAX_PERIOD_YEARS} years / 期间不得超过 ${MAX_PERIOD_YEARS} 年`,
      { from, to, maxYears: MAX_PERIOD_YEARS },
    );
}
