import { amountInCapitals } from '../../common/money-capitals';
import { MONEY_PATTERN } from '../../common/money';

/** "1409.5" → "1,409.50"; anything that is not an amount is returned unchanged. */
export function formatYuan(yuan: string): string {
  if (!MONEY_PATTERN.test(yuan)) return yuan;
  const negative = yuan.startsWith('-');
  const [whole, frac = ''] = (negative ? yuan.slice(1) : yuan).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${frac.padEnd(2, '0')}`;
}

/** Capitals, or null for what has none (a negative correction, a malformed figure); the figure still prints. */
export function capitalsOrNull(yuan: string): string | null {
  try {
    return amountInCapitals(yuan);
  } catch {
    return null;
  }
}

/** "1,409.50 元（人民币壹仟肆佰零玖元伍角）" — figures and capitals, as notices print amounts. */
export function amountWithCapitals(yuan: string): string {
  const capitals = capitalsOrNull(yuan);
  return capitals ? `${formatYuan(yuan)} 元（${capitals}）` : `${formatYuan(yuan)} 元`;
}

/** "2026-03-01" → "2026年3月1日". */
export function chineseDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** "公示期：2026年3月1日至2026年3月8日", or 长期公告 for a notice without an end. */
export function periodLine(start: string, end: string | null): string {
  return end ? `公示期：${chineseDate(start)}至${chineseDate(end)}` : `长期公告（自${chineseDate(start)}起）`;
}
