import { DomainError } from './errors/domain-error';

/**
 * Business dates are calendar days (YYYY-MM-DD) in China Standard Time: a payment made on the
 * morning of 1 March in Beijing is a 1 March payment even though it is still February in UTC.
 */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The business day last asked for, as the UTC window it covers: every payment validates its date
 * against today (twice), and formatting a date in a time zone costs more than the rest of the
 * check. Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so a day is a fixed window.
 */
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
let lastDay: { from: number; to: number; date: string } | undefined;

/** Today's business date; `now` is injectable for tests. */
export function businessToday(now: Date = new Date()): string {
  const t = now.getTime();
  if (lastDay && t >= lastDay.from && t < lastDay.to) return lastDay.date;
  const from = Math.floor((t + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
  lastDay = { from, to: from + DAY_MS, date: formatter.format(now) };
  return lastDay.date;
}

export function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** ISO dates compare correctly as strings. */
export function isAfter(a: string, b: string): boolean {
  return a > b;
}

/**
 * A step may not be dated before the one it follows. `earliest` null: nothing to follow yet.
 * `earliestZh` names that step in the Chinese half of the message.
 */
export function assertNotBefore(
  date: string,
  earliest: string | null,
  what: string,
  field = 'date',
  earliestZh = '上一环节日期',
): void {
  if (earliest !== null && date < earliest) {
    throw new DomainError(
      'DATE_ORDER',
      `The ${field} ${date} is before ${what} (${earliest}) / 日期早于${earliestZh}`,
      {
        [field]: date,
        earliest,
      },
    );
  }
}
