import type { CellValue } from 'exceljs';
import { isCalendarDate } from '../../common/business-date';

/** A cell reduced to what an importer can judge: text, a number, a date, or nothing. */
export type Plain = string | number | boolean | Date | null;

/** Formulas give their cached result, rich text its characters, hyperlinks their text. */
export function plainOf(value: CellValue): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return plainOf(value.richText.map((r) => r.text).join(''));
    if ('formula' in value || 'sharedFormula' in value)
      return plainOf((value as { result?: CellValue }).result ?? null);
    if ('hyperlink' in value) return plainOf((value as { text?: CellValue }).text ?? null);
    if ('error' in value) return `#ERROR ${String((value as { error: unknown }).error)}`;
  }
  return String(value as unknown);
}

/** Text of a cell for the report (never used for ID numbers, which are masked by the caller). */
export function displayOf(value: Plain): string | undefined {
  if (value === null) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString().slice(0, 10);
  return String(value).slice(0, 200);
}

export type Converted<T> = { ok: true; value: T } | { ok: false; reason: string };

/** 13 integer digits + 2 decimals: the 15 significant digits a double (and Excel) keeps exactly. */
const MAX_EXACT_YUAN = 1e13;
const TEXT_AMOUNT = /^(\d+)(?:\.(\d+))?$/;

/** A yuan amount as the API's string without float drift: shortest round-trip text, or 15 digits as Excel shows. */
export function yuanOf(value: Plain): Converted<string> {
  if (value === null) return { ok: false, reason: 'is empty (金额不能为空)' };
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return { ok: false, reason: 'must be a positive amount (金额须大于零)' };
    if (value >= MAX_EXACT_YUAN)
      return { ok: false, reason: 'is too large for a number cell; enter it as text (金额过大,请以文本格式填写)' };
    const shortest = String(value);
    const text = decimalsOf(shortest) <= 2 ? shortest : String(Number(value.toPrecision(15)));
    return fromDecimalText(text);
  }
  if (typeof value === 'string') {
    const text = value
      .replace(/[\s,，]/g, '')
      .replace(/^[¥￥]/, '')
      .replace(/元$/, '');
    return fromDecimalText(text);
  }
  return { ok: false, reason: 'must be a number or a decimal text such as 1250.00 (金额格式错误)' };
}

function decimalsOf(text: string): number {
  if (/e/i.test(text)) return Infinity;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function fromDecimalText(text: string): Converted<string> {
  const m = TEXT_AMOUNT.exec(text);
  if (!m) return { ok: false, reason: 'must be a positive decimal amount such as 1250.00 (金额格式错误)' };
  const [, whole, frac = ''] = m;
  if (frac.length > 2) return { ok: false, reason: 'has more than 2 decimals (金额最多两位小数)' };
  const yuan = `${BigInt(whole).toString()}.${frac.padEnd(2, '0')}`;
  if (!/[1-9]/.test(yuan)) return { ok: false, reason: 'must be a positive amount (金额须大于零)' };
  if (whole.replace(/^0+/, '').length > 15) return { ok: false, reason: 'is too large (金额过大)' };
  return { ok: true, value: yuan };
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
const TEXT_DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;

/** A date from a date cell (exceljs: UTC midnight), a date serial, 20240315, 2024-3-15, 2024/03/15 or 2024年3月15日. */
export function dateOf(value: Plain): Converted<string> {
  if (value === null) return { ok: false, reason: 'is empty (日期不能为空)' };
  let text: string | undefined;
  if (value instanceof Date) {
    if (!Number.isNaN(value.getTime())) text = value.toISOString().slice(0, 10);
  } else if (typeof value === 'number' && Number.isInteger(value)) {
    if (value >= 19000101 && value <= 21001231)
      text = `${String(value).slice(0, 4)}-${String(value).slice(4, 6)}-${String(value).slice(6)}`;
    else if (value > 0 && value < 80_000) text = new Date(EXCEL_EPOCH_MS + value * DAY_MS).toISOString().slice(0, 10);
  } else if (typeof value === 'string') {
    const m = TEXT_DATE.exec(value.trim());
    if (m) text = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  }
  if (!text || !isCalendarDate(text)) return { ok: false, reason: 'is not a date such as 2024-03-15 (日期格式错误)' };
  return { ok: true, value: text };
}

/** Text as the DTO expects it: numbers as written (a doc number typed as 12 stays "12"). */
export function textOf(value: Plain): string | undefined {
  if (value === null) return undefined;
  if (value instanceof Date) return displayOf(value);
  return String(value).trim();
}

/** Whole numbers from number cells or digit text; anything else goes to the DTO as is, to be refused there. */
export function integerOf(value: Plain): unknown {
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return value ?? undefined;
}
