import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageDto, PageQuery } from '../../common/pagination';
import { REGION_LEVELS, type RegionLevel } from '../../common/region-code';
import { IsRegionCode } from '../../common/validation/decorators';

const CREATABLE_LEVELS = REGION_LEVELS.filter((l) => l !== 'country');

export class CreateRegionDto {
  /** 12-digit code, e.g. 411103100201. Its level must agree with the code's structure. */
  @IsRegionCode()
  code: string;

  /** Official name, e.g. 郾城区. */
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: CREATABLE_LEVELS })
  @IsIn(CREATABLE_LEVELS)
  level: RegionLevel;

  /** The region directly above. */
  @IsRegionCode()
  parentCode: string;
}

export class ListRegionsQuery extends PageQuery {
  /** Children of this region; without it, the caller's own region. */
  @ApiPropertyOptional({ example: '411103000000' })
  @IsOptional()
  @IsRegionCode()
  parentCode?: string;
}

export class RegionDto {
  code: string;
  name: string;
  @ApiProperty({ enum: REGION_LEVELS })
  level: RegionLevel;
  @ApiPropertyOptional({ type: String, nullable: true })
  parentCode: string | null;
}

export class RegionPageDto extends PageDto {
  @ApiProperty({ type: [RegionDto] })
  items: RegionDto[];
}
