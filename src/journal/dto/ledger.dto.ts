import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsBusinessDate, IsRegionCode } from '../../common/validation/decorators';

export class BookQuery {
  /** The book: a county-level region code (or a province/city office). */
  @IsRegionCode()
  book: string;
}

export class EntriesQuery extends BookQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  fromSeq?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class InclusionQuery extends BookQuery {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  seq: number;

  /** Tree size to prove against; default: the latest checkpoint. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  size?: number;
}

export class ConsistencyQuery extends BookQuery {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from: number;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  to: number;
}

export class CheckpointRequestDto extends BookQuery {}

export class ReverseEntryDto {
  /** Why the entry is wrong, e.g. 凭证号录入错误. */
  @IsString()
  @Length(1, 500)
  reason: string;

  @IsBusinessDate()
  reversedOn: string;
}

export class PostingView {
  account: string;
  fund: string;
  @ApiProperty({ example: '1250.00', description: 'yuan' })
  amount: string;
}

export class EntryDto {
  book: string;
  seq: number;
  type: string;
  occurredOn: string;
  recordedAt: string;
  actor: string;
  subjects: string[];
  payload: Record<string, unknown>;
  postings: PostingView[];
  @ApiPropertyOptional()
  reverses?: number;
  hash: string;
  prevHash: string;
  /** The canonical JSON that was hashed (amounts in fen). hash = SHA-256(prevHash ‖ canonical). */
  canonical: string;
}

export class VerifyReportDto {
  book: string;
  ok: boolean;
  entries: number;
  checkpointsChecked: number;
  @ApiPropertyOptional()
  firstBadSeq?: number;
  @ApiPropertyOptional()
  problem?: string;
}
