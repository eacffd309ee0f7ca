import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, Max, Min, ValidateBy, ValidateNested } from 'class-validator';
import { Text } from '../../common/validation/decorators';

/** At most this many indicators a project: a goal, not a report. */
export const MAX_INDICATORS = 10;

/** A non-negative decimal given as a string (targets and actuals keep their exact digits): "1200", "0.85". */
export const DECIMAL_PATTERN = /^\d{1,15}(\.\d{1,4})?$/;

const IsDecimalString = () =>
  ValidateBy({
    name: 'isDecimalString',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && DECIMAL_PATTERN.test(value),
      defaultMessage: (args) =>
        `${args?.property} must be a non-negative decimal given as a string with at most 4 decimals, e.g. "1200" ` +
        '(须为字符串形式的非负数,最多四位小数)',
    },
  });

/** One measurable 绩效指标: e.g. 带动脱贫户增收, 元/户/年, "1200". A target is met when the actual reaches it. */
export class PerformanceIndicatorDto {
  @ApiProperty({ example: '带动脱贫户增收' })
  @Text(100)
  name: string;

  @ApiProperty({ example: '元/户/年' })
  @Text(20)
  unit: string;

  @ApiProperty({ example: '1200', pattern: DECIMAL_PATTERN.source })
  @IsDecimalString()
  target: string;
}

/** What one stated indicator reached, in the indicator's own unit. */
export class IndicatorResultDto {
  @ApiProperty({ example: '带动脱贫户增收' })
  @Text(100)
  name: string;

  @ApiProperty({ example: '1350', pattern: DECIMAL_PATTERN.source })
  @IsDecimalString()
  actual: string;
}

/** Who benefits: planned at application, reached at acceptance (in the results). */
export class BeneficiariesDto {
  /** Households lifted or monitored that benefit: planned (带贫户数) or, in the results, reached (受益户数). */
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  households: number;

  @IsInt()
  @Min(0)
  @Max(100_000_000)
  persons: number;
}

/** 绩效结果 recorded at acceptance, beside the goal stated at application. */
export class PerformanceResultsDto extends BeneficiariesDto {
  /** One result for every indicator stated at application (by name); none when none were stated. */
  @ApiPropertyOptional({ type: [IndicatorResultDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_INDICATORS)
  @ValidateNested({ each: true })
  @Type(() => IndicatorResultDto)
  indicators?: IndicatorResultDto[];
}

/** The results as the project answers them. */
export class PerformanceResultsView {
  households: number;
  persons: number;
  @ApiProperty({ type: [IndicatorResultDto] })
  indicators: IndicatorResultDto[];
}
