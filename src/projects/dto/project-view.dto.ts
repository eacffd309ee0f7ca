import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageDto } from '../../common/pagination';
import { PostingView } from '../../journal/dto/ledger.dto';
import { PROJECT_STATUSES, type ProjectStatus } from '../project.entity';
import { BeneficiariesDto, PerformanceIndicatorDto, PerformanceResultsView } from './performance.dto';
import { ProjectAssetDto, ProjectNoticeDto } from './project-links.dto';

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
