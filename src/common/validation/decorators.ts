import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateBy, ValidationOptions } from 'class-validator';
import { businessToday, isCalendarDate } from '../business-date';
import { MONEY_EXAMPLE, MONEY_PATTERN, yuanToFen } from '../money';
import { isRegionCode } from '../region-code';
import { forbiddenCharacterIn, plainTextMessage } from './plain-text';

/**
 * No single amount a county records comes near 10^13 yuan (ten trillion); a larger one is a typo or
 * an attack, and refusing it keeps every sum of amounts far inside bigint fen and numeric columns.
 */
export const MAX_AMOUNT_FEN = 10n ** 15n;

/** A yuan amount as a string with at most 2 decimals, e.g. "1250.00", at most 10^13 yuan; positive unless allowed. */
export function IsMoneyString(options: { allowZero?: boolean } = {}) {
  return applyDecorators(
    ApiProperty({
      type: String,
      example: MONEY_EXAMPLE,
      pattern: MONEY_PATTERN.source,
      description: 'yuan, decimal string',
    }),
    ValidateBy({
      name: 'isMoneyString',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          MONEY_PATTERN.test(value) &&
          !value.startsWith('-') &&
          (options.allowZero || /[1-9]/.test(value)) &&
          yuanToFen(value) <= MAX_AMOUNT_FEN,
        defaultMessage: (args) =>
          `${args?.property} must be a positive amount in yuan given as a string with at most 2 decimals, ` +
          'e.g. "1250.00", at most 10000000000000.00 (金额须为字符串,最多两位小数,不超过 10 万亿元)',
      },
    }),
  );
}

/** A business date YYYY-MM-DD that exists on the calendar and is not in the future (China time). */
export function IsBusinessDate(validationOptions?: ValidationOptions) {
  return applyDecorators(
    ApiProperty({ type: String, format: 'date', example: '2024-03-15' }),
    ValidateBy(
      {
        name: 'isBusinessDate',
        validator: {
          validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value) && value <= businessToday(),
          defaultMessage: (args) =>
            `${args?.property} must be a date YYYY-MM-DD that is not in the future (日期格式 YYYY-MM-DD,不得晚于今天)`,
        },
      },
      validationOptions,
    ),
  );
}

/** A 12-digit administrative region code (GB/T 2260 + 统计用区划代码). */
export function IsRegionCode() {
  return applyDecorators(
    ApiProperty({ type: String, example: '411103000000', pattern: '^\\d{12}$' }),
    IsString(),
    Matches(/^\d{12}$/, { message: '$property must be a 12-digit region code (12 位区划代码)' }),
    ValidateBy({
      name: 'isRegionCode',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isRegionCode(value),
        defaultMessage: (args) => `${args?.property} is not a well-formed region code (区划代码结构错误)`,
      },
    }),
  );
}

/** An optional region code, as in the list and report queries (which default to the caller's region). */
export function IsOptionalRegionCode() {
  // The order of the stacked `@ApiPropertyOptional() @IsOptional() @IsRegionCode()` it replaces.
  return applyDecorators(IsRegionCode(), IsOptional(), ApiPropertyOptional());
}

/** An optional calendar year in a query string (`?year=2024`). */
export function IsOptionalYear() {
  return applyDecorators(
    ApiPropertyOptional({ type: Number, example: 2024 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(2000),
    Max(2100),
  );
}

/** Text without control characters or unpaired surrogates (plain-text.ts says why); tab and line breaks pass. */
export const IsPlainText = () =>
  ValidateBy({
    name: 'isPlainText',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || forbiddenCharacterIn(value) === undefined,
      defaultMessage: (args) =>
        plainTextMessage(String(args?.property), forbiddenCharacterIn(String(args?.value)) ?? 'a control character'),
    },
  });

/** Non-blank plain text of bounded length. */
export const Text = (max: number) =>
  applyDecorators(
    IsString(),
    Length(1, max),
    Matches(/\S/, { message: '$property must not be blank (不能为空)' }),
    IsPlainText(),
  );
