import { ApiProperty } from '@nestjs/swagger';
import { IsOptionalYear, IsOptionalRegionCode } from '../common/validation/decorators';

export class ImportQuery {
  /** Region for rows whose 区划代码 column is empty or absent (default: the caller's region). */
  @IsOptionalRegionCode()
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
  @IsOptionalRegionCode()
  regionCode?: string;

  @IsOptionalYear()
  year?: number;
}
