import { businessToday, isCalendarDate } from '../common/business-date';

/**
 * 居民身份证号码 (GB 11643-1999): 6-digit address, birth date YYYYMMDD, 3-digit sequence (odd for men) and
 * a check character: Σ(digit × weight) mod 11 indexes "10X98765432".
 */
export const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
export const ID_CHECK_CHARS = '10X98765432';

export type IdNumberProblem = 'type' | 'length' | 'format' | 'birth_date' | 'check_digit';

/** What each problem means to a clerk; never echoes the value (it is personal data). */
export const ID_PROBLEM_TEXT: Record<IdNumberProblem, string> = {
  type: 'must be a string (须为字符串)',
  length: 'must have 18 characters (须为18位)',
  format: 'must be 17 digits followed by a digit or X (前17位为数字,末位为数字或X)',
  birth_date: 'has no valid birth date in positions 7-14 (出生日期无效)',
  check_digit: 'has a wrong check character (校验码错误)',
};

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('idCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

/** Upper-cases the check character: `x` and `X` are the same number. */
export function normaliseIdNumber(value: string): string {
  return value.toUpperCase();
}

/** Why a value is not an ID number (undefined if it is); the birth date must exist, from 1900 to `today`. */
export function idNumberProblem(value: unknown, today: string = businessToday()): IdNumberProblem | undefined {
  if (typeof value !== 'string') return 'type';
  if (value.length !== 18) return 'length';
  const id = normaliseIdNumber(value);
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(birth) || birth < '1900-01-01' || birth > today) return 'birth_date';
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return 'check_digit';
  return undefined;
}

export function isIdNumber(value: unknown, today?: string): value is string {
  return idNumberProblem(value, today) === undefined;
}

/** The only form of an ID number that leaves the service: first 6 + 8 asterisks + last 4. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length !== 18) throw new Error('maskIdNumber needs an 18-character ID number');
  return `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`;
}
