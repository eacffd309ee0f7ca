import { DomainError } from './errors/domain-error';
import { yuanToFen } from './money';

/**
 * Chinese financial capitals (大写金额) as on notices and vouchers: 人民币 + 壹贰叁…, 拾佰仟 within a
 * 4-digit section, 万/亿 between sections, 元角分, 整 without 角/分. Bigint fen: no float rounds a cent away.
 */
const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const SECTION_UNITS = ['仟', '佰', '拾', ''];

/** 1 ≤ n ≤ 9999; zeros inside the section collapse into one 零, trailing zeros vanish. */
function section(n: bigint): string {
  const digits = n.toString().padStart(4, '0');
  let out = '';
  let pendingZero = false;
  for (let i = 0; i < 4; i++) {
    const d = Number(digits[i]);
    if (d === 0) {
      if (out) pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += DIGITS[d] + SECTION_UNITS[i];
  }
  return out;
}

/** n > 0: 万 splits below 亿, 亿 splits recursively above it (so 10^12 reads 壹万亿). */
function integerCapitals(n: bigint): string {
  const [unit, base, zeroBelow] = n >= 100_000_000n ? ['亿', 100_000_000n, 10_000_000n] : ['万', 10_000n, 1_000n];
  if (n < 10_000n) return section(n);
  const high = n / base;
  const low = n % base;
  const head = (base === 10_000n ? section(high) : integerCapitals(high)) + unit;
  if (low === 0n) return head;
  // A gap of zeros before the lower part reads as one 零 (100000001 → 壹亿零壹).
  return head + (low < zeroBelow ? '零' : '') + integerCapitals(low);
}

export function amountInCapitals(yuan: string): string {
  const fen = yuanToFen(yuan);
  if (fen < 0n) {
    throw new DomainError('VALIDATION_FAILED', `Amount in capitals of a negative amount "${yuan}" / 负数金额不能大写`);
  }
  const whole = fen / 100n;
  const jiao = Number((fen % 100n) / 10n);
  const cents = Number(fen % 10n);
  if (jiao === 0 && cents === 0) return `人民币${whole === 0n ? '零' : integerCapitals(whole)}元整`;

  let out = '人民币';
  if (whole > 0n) {
    out += integerCapitals(whole) + '元';
    // 107000.53 → …柒仟元零伍角叁分; 16409.02 → …玖元零贰分.
    if (jiao === 0 || whole % 10n === 0n) out += '零';
  }
  if (jiao > 0) out += DIGITS[jiao] + '角';
  if (cents > 0) out += DIGITS[cents] + '分';
  return out;
}
