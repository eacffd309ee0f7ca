import { DomainError } from './errors/domain-error';

/** Business dates are calendar days in China time: 1 March in Beijing is 1 March while UTC still says February. */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

// The business day last asked for, as its UTC window: formatting in a time zone costs more than the
// rest of a date check. Asia/Shanghai has had no daylight saving since 1991, so a day is a fixed window.
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

/** A step may not be dated before the one it follows (`earliest` null: none yet); `earliestZh` names it in Chinese. */
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
