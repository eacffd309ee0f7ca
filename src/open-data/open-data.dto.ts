import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { isCalendarDate } from '../common/business-date';
import { DomainError } from '../common/errors/domain-error';
import { IsRegionCode } from '../common/validation/decorators';

const IsOptionalDay = () =>
  ValidateBy({
    name: 'isCalendarDay',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
      defaultMessage: (args) => `${args?.property} must be a date YYYY-MM-DD (日期格式 YYYY-MM-DD)`,
    },
  });

/** A region (its whole subtree) and a period of effective dates, at most ten years long. */
export class ReleasesQuery {
  @IsRegionCode()
  regionCode: string;

  /** First day (inclusive); default: ten years before `to`. */
  @ApiPropertyOptional({ type: String, format: 'date', example: '2026-01-01' })
  @IsOptional()
  @IsOptionalDay()
  from?: string;

  /** Last day (inclusive); default: today. */
  @ApiPropertyOptional({ type: String, format: 'date', example: '2026-12-31' })
  @IsOptional()
  @IsOptionalDay()
  to?: string;
}

export const MAX_PERIOD_YEARS = 10;

/** The period of a release query, defaulted and checked: `from` ≤ `to`, at most ten years (inclusive). */
export function periodOf(q: ReleasesQuery, today: string): { from: string; to: string } {
  const to = q.to ?? today;
  const [y, m, d] = to.split('-').map(Number);
  // The same day ten years earlier is one day too many; compared as text, so 29 February needs no care.
  const limit = `${String(y - MAX_PERIOD_YEARS).padStart(4, '0')}${to.slice(4)}`;
  const dayAfter = isCalendarDate(limit) ? new Date(Date.UTC(y - MAX_PERIOD_YEARS, m - 1, d + 1)) : null;
  const from = q.from ?? dayAfter?.toISOString().slice(0, 10) ?? `${limit.slice(0, 4)}-03-01`;
  if (from > to) throw new DomainError('VALIDATION_FAILED', `from ${from} is after to ${to} / 起始日期晚于截止日期`);
  if (from <= limit)
    throw new DomainError(
      'VALIDATION_FAILED',
      `The period ${from} … ${to} is longer than ${MAX_PERIOD_YEARS} years / 查询期间不得超过${MAX_PERIOD_YEARS}年`,
    );
  return { from, to };
}

/** `:year` of the FDP route: a calendar year 2000–2100, digits only. */
export function fiscalYearOf(raw: string): number {
  if (!/^\d{4}$/.test(raw) || Number(raw) < 2000 || Number(raw) > 2100)
    throw new DomainError('VALIDATION_FAILED', `year must be a year 2000–2100, got "${raw}" / 年度格式错误`, {
      field: 'year',
    });
  return Number(raw);
}
