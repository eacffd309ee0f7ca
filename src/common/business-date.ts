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

/** Today's business date; `now` is injectable for tests. */
export function businessToday(now: Date = new Date()): string {
  return formatter.format(now);
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
