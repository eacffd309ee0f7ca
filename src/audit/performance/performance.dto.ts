import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageDto, PageQuery } from '../../common/pagination';
import { IsOptionalYear, IsOptionalRegionCode } from '../../common/validation/decorators';

/** Paged like every list (`limit`, `cursor`); the summary always counts the whole region and year. */
export class PerformanceQuery extends PageQuery {
  /** Projects in this region's subtree (default: the caller's region). */
  @IsOptionalRegionCode()
  regionCode?: string;

  /** The projects' 年度 (year of application), as in the project library and the notices. */
  @IsOptionalYear()
  year?: number;
}

/** One measure: target and actual in `unit`; `met` null while no result is recorded. */
export class MeasureView {
  name: string;
  unit: string;
  @ApiProperty({ example: '45' })
  target: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '48' })
  actual: string | null;
  @ApiPropertyOptional({ type: Boolean, nullable: true })
  met: boolean | null;
}

export class EntryRefView {
  book: string;
  seq: number;
}

export class ProjectPerformanceView {
  projectId: string;
  name: string;
  regionCode: string;
  category: string;
  /** An industry project (产业): its beneficiaries must be named listed households. */
  industry: boolean;
  year: number;
  acceptedOn: string;
  @ApiProperty({ example: '198000.00' })
  finalCost: string;
  /** The text goal stated at application. */
  goal: string;
  resultRecorded: boolean;
  /** Every measure reached its goal; null while no result is recorded. */
  @ApiPropertyOptional({ type: Boolean, nullable: true })
  met: boolean | null;
  households: MeasureView;
  persons: MeasureView;
  @ApiProperty({ type: [MeasureView] })
  indicators: MeasureView[];
  /** How many households were named as beneficiaries (利益联结) at application. */
  namedHouseholds: number;
  application: EntryRefView;
  @ApiPropertyOptional({ type: EntryRefView, nullable: true })
  acceptance: EntryRefView | null;
}

export class PerformanceSummaryView {
  /** Accepted projects in the region and year (on all pages). */
  projects: number;
  resultsRecorded: number;
  resultMissing: number;
  met: number;
  belowGoal: number;
}

export class PerformanceReportView extends PageDto {
  regionCode: string;
  @ApiPropertyOptional({ type: Number, nullable: true })
  year: number | null;
  /** The business day the list was read for (today, China time). */
  asOf: string;
  summary: PerformanceSummaryView;
  /** The accepted projects, by id. */
  @ApiProperty({ type: [ProjectPerformanceView] })
  items: ProjectPerformanceView[];
}
