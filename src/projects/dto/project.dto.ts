import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { BeneficiariesDto, MAX_INDICATORS, PerformanceIndicatorDto, PerformanceResultsDto } from './performance.dto';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsUUID,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { isCalendarDate } from '../../common/business-date';
import { PageQuery } from '../../common/pagination';
import {
  IsBusinessDate,
  IsMoneyString,
  IsOptionalRegionCode,
  IsOptionalYear,
  IsRegionCode,
  Text,
} from '../../common/validation/decorators';
import { PROJECT_STATUSES, type ProjectStatus } from '../project.entity';

/** A planned date: a real calendar day, which may lie in the future. */
const IsPlanDate = () =>
  ValidateBy({
    name: 'isPlanDate',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
      defaultMessage: (args) => `${args?.property} must be a date YYYY-MM-DD (日期格式 YYYY-MM-DD)`,
    },
  });

export class CreateProjectDto {
  @Text(200)
  name: string;

  /** The village or township where the project is carried out. */
  @IsRegionCode()
  regionCode: string;

  /** e.g. 产业发展, 基础设施, 就业帮扶. */
  @Text(100)
  category: string;

  /** 建设内容: what is built or bought. */
  @Text(5000)
  content: string;

  @IsMoneyString()
  budget: string;

  /** 自筹: part of the budget raised by the village; never claimable from funds. */
  @IsOptional()
  @IsMoneyString({ allowZero: true })
  selfFunded?: string;

  /** 绩效目标: mandatory — no goal, no entry. */
  @Text(2000)
  performanceGoal: string;

  /** 带贫减贫机制. */
  @Text(2000)
  povertyLinkage: string;

  @ValidateNested()
  @Type(() => BeneficiariesDto)
  beneficiaries: BeneficiariesDto;

  /** The goal in measurable indicators beside the text (optional): targets are checked at acceptance. */
  @ApiPropertyOptional({ type: [PerformanceIndicatorDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_INDICATORS)
  @ValidateNested({ each: true })
  @Type(() => PerformanceIndicatorDto)
  performanceIndicators?: PerformanceIndicatorDto[];

  /** 利益联结: households of the project's villages, on the list on appliedOn, named as its beneficiaries. */
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  beneficiaryHouseholdIds?: string[];

  @Text(200)
  implementingUnit: string;

  @Text(100)
  responsiblePerson: string;

  @ApiPropertyOptional({ type: String, format: 'date' })
  @IsOptional()
  @IsPlanDate()
  plannedStart?: string;

  @ApiPropertyOptional({ type: String, format: 'date' })
  @IsOptional()
  @IsPlanDate()
  plannedEnd?: string;

  @IsBusinessDate()
  appliedOn: string;
}

export class ReviewProjectDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision: 'approve' | 'reject';

  @Text(2000)
  opinion: string;

  @IsBusinessDate()
  reviewedOn: string;
}

export class FundingLineDto {
  @IsUUID()
  fundId: string;

  @IsMoneyString()
  amount: string;
}

export class ApproveProjectDto {
  /** 批复文号. */
  @Text(100)
  approvalDocNo: string;

  @IsBusinessDate()
  approvedOn: string;

  /** The funds of the county's books committed to the project, in the order they are to pay. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FundingLineDto)
  funding: FundingLineDto[];
}

export class StartProjectDto {
  @IsBusinessDate()
  startedOn: string;

  @IsOptional()
  @Text(200)
  contractor?: string;

  @IsOptional()
  @IsMoneyString()
  contractAmount?: string;

  /** How the contractor was chosen (公开招标, 竞争性谈判, 以工代赈 …). */
  @IsOptional()
  @Text(500)
  procurement?: string;
}

export class CompleteProjectDto {
  @IsBusinessDate()
  completedOn: string;
}

export class AcceptProjectDto {
  @IsBusinessDate()
  acceptedOn: string;

  @ApiProperty({ enum: ['passed', 'failed'] })
  @IsIn(['passed', 'failed'])
  result: 'passed' | 'failed';

  /** 决算金额: what the project cost in fiscal money; at most what was committed. */
  @IsMoneyString({ allowZero: true })
  finalCost: string;

  @Text(2000)
  opinion: string;

  /** 绩效结果 beside the goal (optional, so older clients keep working; the audit lists projects without). */
  @ApiPropertyOptional({ type: PerformanceResultsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PerformanceResultsDto)
  results?: PerformanceResultsDto;
}

export class CancelProjectDto {
  @IsBusinessDate()
  cancelledOn: string;

  @Text(2000)
  reason: string;
}

export class ListProjectsQuery extends PageQuery {
  /** Projects in this region's subtree (default: the caller's region). */
  @IsOptionalRegionCode()
  regionCode?: string;

  @ApiPropertyOptional({ enum: PROJECT_STATUSES })
  @IsOptional()
  @IsIn(PROJECT_STATUSES)
  status?: ProjectStatus;

  /** Year of application. */
  @IsOptionalYear()
  year?: number;
}
