import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { isCalendarDate } from '../../common/business-date';
import { IsOptionalRegionCode, IsOptionalYear } from '../../common/validation/decorators';

/** A period bound: a calendar date YYYY-MM-DD (may lie ahead: a period may end after today). */
const IsOptionalCalendarDate = () =>
  applyDecorators(
    ApiPropertyOptional({ type: String, format: 'date', example: '2024-01-01' }),
    IsOptional(),
    ValidateBy({
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: (args) => `${args?.property} must be a date YYYY-MM-DD (日期格式 YYYY-MM-DD)`,
      },
    }),
  );

export class TableExportQuery {
  /** The region whose subtree is exported (default: the caller's region). */
  @IsOptionalRegionCode()
  regionCode?: string;

  /** First business day of the period (inclusive); open when absent. */
  @IsOptionalCalendarDate()
  from?: string;

  /** Last business day of the period (inclusive); at most 10 years after `from`. */
  @IsOptionalCalendarDate()
  to?: string;

  /** Shorthand for from = 1 January, to = 31 December of that year; not together with from/to. */
  @IsOptionalYear()
  year?: number;
}
