import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsBusinessDate, IsOptionalRegionCode } from '../../../common/validation/decorators';
import { EvidenceDto, SubjectDto } from '../../reconcile/dto/reconcile.dto';
import { SEVERITIES, type Severity } from '../finding';
import { RULE_CODES, type RuleCode } from '../rule-codes';

export class FindingsQuery {
  /** Default: the caller's region. */
  @IsOptionalRegionCode()
  regionCode?: string;

  /** The ledger as it stood at the end of this business day (default: today, China time). */
  @ApiPropertyOptional({ type: String, format: 'date', example: '2025-06-30' })
  @IsOptional()
  @IsBusinessDate()
  asOf?: string;

  @ApiPropertyOptional({ enum: RULE_CODES })
  @IsOptional()
  @IsIn(RULE_CODES, { message: `rule must be one of the rule codes (规则代码无效): ${RULE_CODES.join(', ')}` })
  rule?: RuleCode;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES, { message: `severity must be one of ${SEVERITIES.join(', ')} (严重程度无效)` })
  severity?: Severity;
}

export class FindingDto {
  @ApiProperty({ enum: RULE_CODES })
  rule: RuleCode;
  @ApiProperty({ enum: SEVERITIES })
  severity: Severity;
  @ApiProperty({ type: SubjectDto })
  subject: SubjectDto;
  @ApiPropertyOptional({ example: '1250.00', description: 'yuan' })
  amount?: string;
  @ApiPropertyOptional({ format: 'date' })
  since?: string;
  @ApiProperty({ example: '资金「豫财农〔2024〕1号」下达已 400 天,仍有 1250.00 元未下拨、未安排项目(滞留闲置)。' })
  detail: string;
  @ApiProperty()
  detailEn: string;
  @ApiProperty({ type: [EvidenceDto] })
  evidence: EvidenceDto[];
}

export class FindingsDto {
  @ApiProperty({ example: '411103000000' })
  regionCode: string;
  @ApiProperty({ format: 'date' })
  asOf: string;
  @ApiProperty({ type: [FindingDto] })
  items: FindingDto[];
}
