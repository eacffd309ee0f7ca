import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsOptionalYear, IsRegionCode } from '../common/validation/decorators';

export class ImportQuery {
  /** Region for rows whose 区划代码 column is empty or absent (default: the caller's region). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;
}

export class ImportResultDto {
  /** Rows imported: every row of the file. */
  count: number;
  /** Ids of the created funds or households, in row order. */
  @ApiProperty({ type: [String] })
  ids: string[];
}

export class ExportQuery {
  /** The region whose subtree is exported (default: the caller's region). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @IsOptionalYear()
  year?: number;
}
