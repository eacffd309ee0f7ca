import { DomainError } from './errors/domain-error';

/** Money: bigint fen (分) inside, a decimal yuan string at the API; never a JS `number`, so no float rounding. */
export const MONEY_PATTERN = /^-?(0|[1-9]\d{0,14})(\.\d{1,2})?$/;
export const MONEY_EXAMPLE = '1250.00';

export function yuanToFen(yuan: string): bigint {
  if (typeof yuan !== 'string' || !MONEY_PATTERN.test(yuan)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `Invalid amount "${String(yuan)}": a yuan string with at most 2 decimals / 金额格式错误`,
    );
  }
  const negative = yuan.startsWith('-');
  const [whole, frac = ''] = (negative ? yuan.slice(1) : yuan).split('.');
  const fen = BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0'));
  return negative ? -fen : fen;
}

export function fenToYuan(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

export function sumFen(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}
