import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateBy } from 'class-validator';
import { PageDto, PageQuery } from '../../common/pagination';
import { IsBusinessDate, IsOptionalRegionCode, IsRegionCode } from '../../common/validation/decorators';
import {
  HOUSEHOLD_CATEGORIES,
  type HouseholdCategory,
  LABOR_CAPACITIES,
  type LaborCapacity,
} from '../household.entity';
import { ID_PROBLEM_TEXT, idNumberProblem } from '../id-number';

/** An 18-character ID number (GB 11643-1999); the message says what is wrong, never the value. */
export function IsIdNumber() {
  return applyDecorators(
    ApiProperty({
      type: String,
      example: '11010519491231002X',
      minLength: 18,
      maxLength: 18,
      description: '居民身份证号码; a lowercase x is accepted',
    }),
    ValidateBy({
      name: 'isIdNumber',
      validator: {
        validate: (value: unknown) => idNumberProblem(value) === undefined,
        defaultMessage: (args) =>
          `${args?.property} ${ID_PROBLEM_TEXT[idNumberProblem(args?.value) ?? 'format']} (身份证号码无效)`,
      },
    }),
  );
}

export class CreateHouseholdDto {
  /** 户主姓名 — may appear on to-household notices. */
  @IsString()
  @Length(1, 50)
  headName: string;

  @IsIdNumber()
  idNumber: string;

  /** The household's village (a 12-digit village code inside the caller's region). */
  @IsRegionCode()
  regionCode: string;

  /** Persons in the household. */
  @IsInt()
  @Min(1)
  @Max(30)
  members: number;

  @ApiProperty({ enum: LABOR_CAPACITIES })
  @IsIn(LABOR_CAPACITIES)
  laborCapacity: LaborCapacity;

  @ApiProperty({ enum: HOUSEHOLD_CATEGORIES })
  @IsIn(HOUSEHOLD_CATEGORIES)
  category: HouseholdCategory;

  /** On the list from this date. */
  @IsBusinessDate()
  since: string;
}

export class ExitHouseholdDto {
  /** Off the list from this date; not before `since`. */
  @IsBusinessDate()
  until: string;

  /** e.g. 稳定脱贫, 风险消除, 自然减少. */
  @IsString()
  @Length(1, 200)
  reason: string;
}

export class ListHouseholdsQuery extends PageQuery {
  /** Households in this region's subtree (default: the caller's region). */
  @IsOptionalRegionCode()
  regionCode?: string;

  /** The last id of the previous page. */
  @IsOptional()
  @IsUUID()
  declare cursor?: string;
}

export class HouseholdDto {
  id: string;
  headName: string;
  /** First 6 and last 4 characters; the full number is never returned by any route. */
  @ApiProperty({ example: '110105********002X' })
  idNumberMasked: string;
  regionCode: string;
  /** The county book its journal entries are in. */
  book: string;
  members: number;
  @ApiProperty({ enum: LABOR_CAPACITIES })
  laborCapacity: LaborCapacity;
  @ApiProperty({ enum: HOUSEHOLD_CATEGORIES })
  category: HouseholdCategory;
  since: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  until: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  exitReason: string | null;
  /** `exited` once an exit has been recorded. */
  @ApiProperty({ enum: ['listed', 'exited'] })
  status: 'listed' | 'exited';
}

export class HouseholdPageDto extends PageDto {
  @ApiProperty({ type: [HouseholdDto] })
  items: HouseholdDto[];
}
