import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ProjectAssetDto, ProjectNoticeDto } from './project-links.dto';
import {
  MAX_INDICATORS,
  PerformanceIndicatorDto,
  PerformanceResultsDto,
  PerformanceResultsView,
} from './performance.dto';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { isCalendarDate } from '../../common/business-date';
import { PageDto, PageQuery } from '../../common/pagination';
import { IsBusinessDate, IsMoneyString, IsOptionalYear, IsRegionCode, Text } from '../../common/validation/decorators';
import { PostingView } from '../../journal/dto/ledger.dto';
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

export class BeneficiariesDto {
  /** Households lifted or monitored that benefit (带贫户数). */
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  households: number;

  @IsInt()
  @Min(0)
  @Max(100_000_000)
  persons: number;
}

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
  @ApiPropertyOptional()
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @ApiPropertyOptional({ enum: PROJECT_STATUSES })
  @IsOptional()
  @IsIn(PROJECT_STATUSES)
  status?: ProjectStatus;

  /** Year of application. */
  @IsOptionalYear()
  year?: number;
}

export class FundingAmountsDto {
  fundId: string;
  /** 文号 of the fund document. */
  docNo: string;
  @ApiProperty({ example: '100000.00' })
  committed: string;
  @ApiProperty({ example: '0.00' })
  released: string;
  @ApiProperty({ example: '0.00' })
  disbursed: string;
  @ApiProperty({ example: '100000.00' })
  remaining: string;
}

/** All in yuan; remaining = committed − released − disbursed (money still earmarked for the project). */
export class ProjectAmountsDto {
  @ApiProperty({ example: '120000.00' })
  budget: string;
  @ApiProperty({ example: '20000.00' })
  selfFunded: string;
  @ApiProperty({ example: '100000.00' })
  committed: string;
  @ApiProperty({ example: '0.00' })
  released: string;
  @ApiProperty({ example: '0.00' })
  disbursed: string;
  @ApiProperty({ example: '100000.00' })
  remaining: string;
  @ApiProperty({ example: '0.00' })
  advancesPaid: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  advanceLimit: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  finalCost: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  retention: string | null;
  @ApiProperty({ type: [FundingAmountsDto] })
  byFund: FundingAmountsDto[];
}

export class TimelineEntryDto {
  book: string;
  seq: number;
  type: string;
  occurredOn: string;
  recordedAt: string;
  actor: string;
  hash: string;
  /** Postings in yuan: where the money of this entry went. */
  @ApiProperty({ type: [PostingView] })
  postings: PostingView[];
}

export class ProjectDto {
  id: string;
  name: string;
  regionCode: string;
  /** The county book holding the project's money and entries. */
  book: string;
  category: string;
  content: string;
  performanceGoal: string;
  @ApiProperty({ type: [PerformanceIndicatorDto] })
  performanceIndicators: PerformanceIndicatorDto[];
  povertyLinkage: string;
  beneficiaries: BeneficiariesDto;
  /** Households named as beneficiaries at application (ids only: names are personal data). */
  beneficiaryHouseholdIds: string[];
  implementingUnit: string;
  responsiblePerson: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  @ApiProperty({ enum: PROJECT_STATUSES })
  status: ProjectStatus;
  appliedOn: string;
  reviewedOn: string | null;
  reviewOpinion: string | null;
  approvalDocNo: string | null;
  approvedOn: string | null;
  startedOn: string | null;
  contractor: string | null;
  contractAmount: string | null;
  procurement: string | null;
  completedOn: string | null;
  acceptedOn: string | null;
  @ApiPropertyOptional({ enum: ['passed', 'failed'], nullable: true })
  acceptanceResult: 'passed' | 'failed' | null;
  acceptanceOpinion: string | null;
  /** 绩效结果 recorded at acceptance; null when none was recorded. */
  @ApiPropertyOptional({ type: PerformanceResultsView, nullable: true })
  results: PerformanceResultsView | null;
  retentionDueOn: string | null;
  cancelledOn: string | null;
  cancelReason: string | null;
  settledOn: string | null;
  /** Seq of the application entry in the county book. */
  entrySeq: number;
  amounts: ProjectAmountsDto;
  /** The project's journal entries, oldest first (only in GET /projects/:id). */
  @ApiPropertyOptional({ type: [TimelineEntryDto] })
  timeline?: TimelineEntryDto[];
  /** Notices published for the project (only in GET /projects/:id). */
  @ApiPropertyOptional({ type: [ProjectNoticeDto] })
  notices?: ProjectNoticeDto[];
  /** Assets registered from the project (only in GET /projects/:id). */
  @ApiPropertyOptional({ type: [ProjectAssetDto] })
  assets?: ProjectAssetDto[];
}

export class ProjectPageDto extends PageDto {
  @ApiProperty({ type: [ProjectDto] })
  items: ProjectDto[];
}
