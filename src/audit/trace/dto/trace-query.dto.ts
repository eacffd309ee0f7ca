import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsBusinessDate, IsRegionCode } from '../../../common/validation/decorators';

/** The forward trace's options: the tree as it stood at the end of `asOf`, pruned to the branches reaching a region. */
export class FundTraceQuery {
  /** End of this business day, from the entries' own dates (default: everything recorded). */
  @ApiPropertyOptional({ format: 'date', example: '2024-06-30' })
  @IsOptional()
  @IsBusinessDate()
  asOf?: string;

  /** Keep only the branches that lead to this region (e.g. one county below a central fund). */
  @ApiPropertyOptional({ example: '411103000000' })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  /**
   * `false` leaves out the payment lines (each project's totals stay): a large county has thousands of
   * payments, and their descriptions are most of the trace's cost. Default `true`.
   */
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'true' })
  @IsOptional()
  @IsIn(['true', 'false'])
  payments?: 'true' | 'false';
}
