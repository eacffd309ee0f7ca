/** Calendar arithmetic on YYYY-MM-DD business dates (UTC, no time of day). */
export function addDays(date: string, days: number): string {
  const t = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export const minDate = (a: string, b: string) => (a < b ? a : b);
export const maxDate = (a: string, b: string) => (a > b ? a : b);

/** The last business day the generated history may use: yesterday, or the end of `year` if that is earlier. */
export function historyEnd(year: number, today = new Date()): string {
  const yesterday = addDays(today.toISOString().slice(0, 10), -1);
  return minDate(yesterday, `${year}-12-31`);
}
