import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FindingSubject } from '../../findings/finding';
import { IsOptionalYear, IsOptionalRegionCode } from '../../../common/validation/decorators';

export class ReconcileQuery {
  /** Default: the caller's region. */
  @IsOptionalRegionCode()
  regionCode?: string;

  /** The funds' and projects' year (fund.year, project.year); default: every year. */
  @IsOptionalYear()
  year?: number;

  /** `failed`: only the identities that do not hold (a province has tens of thousands that do). */
  @ApiPropertyOptional({ enum: ['all', 'failed'], default: 'all' })
  @IsOptional()
  @IsIn(['all', 'failed'])
  show?: 'all' | 'failed';
}

export class SubjectDto {
  @ApiProperty({ enum: ['fund', 'project', 'payee', 'household', 'asset', 'book', 'region', 'actor'] })
  type: FindingSubject['type'];
  @ApiProperty()
  id: string;
  @ApiProperty()
  name: string;
}

export class SideDto {
  @ApiProperty({ example: '指标金额(资金表)/ issued (fund)' })
  label: string;
  @ApiProperty({ example: '1250.00', description: 'yuan' })
  amount: string;
}

export class EvidenceDto {
  @ApiProperty({ example: '411103000000' })
  book: string;
  @ApiProperty({ example: 12 })
  seq: number;
}

export class IdentityDto {
  @ApiProperty({ example: 'fund_issued' })
  name: string;
  @ApiProperty({ example: '指标金额 = 下拨 + 已安排 + 结余' })
  title: string;
  @ApiProperty({ type: SubjectDto })
  subject: SubjectDto;
  @ApiProperty({ type: SideDto })
  left: SideDto;
  @ApiProperty({ type: SideDto })
  right: SideDto;
  @ApiProperty()
  ok: boolean;
  @ApiProperty({ type: [EvidenceDto] })
  evidence: EvidenceDto[];
}

export class ReconcileDto {
  @ApiProperty({ example: '411103000000' })
  regionCode: string;
  @ApiProperty({ type: Number, nullable: true, example: 2024 })
  year: number | null;
  /** Every identity holds. */
  @ApiProperty()
  ok: boolean;
  @ApiProperty({ example: 120 })
  checked: number;
  @ApiProperty({ example: 0 })
  failed: number;
  @ApiProperty({ type: [IdentityDto] })
  identities: IdentityDto[];
}
