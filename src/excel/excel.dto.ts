import { ApiProperty } from '@nestjs/swagger';
import { IsOptionalRegionCode } from '../common/validation/decorators';

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
