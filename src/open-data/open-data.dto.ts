import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { isCalendarDate } from '../common/business-date';
import { DomainError } from '../common/errors/domain-error';
import { assertPeriod, earliestFrom } from '../common/period';
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

/** The period of a release query, defaulted to the ten years up to `to` (default today) and checked. */
export function periodOf(q: ReleasesQuery, today: string): { from: string; to: string } {
  const to = q.to ?? today;
  const from = q.from ?? earliestFrom(to);
  assertPeriod(from, to);
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
