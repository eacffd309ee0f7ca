import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageDto, PageQuery } from '../../common/pagination';
import { REGION_LEVELS, type RegionLevel } from '../../common/region-code';
import { IsRegionCode } from '../../common/validation/decorators';

const CREATABLE_LEVELS = REGION_LEVELS.filter((l) => l !== 'country');

export class CreateRegionDto {
  /** 12-digit code, e.g. 411103100201; its trailing zero groups give the level and the parent. */
  @IsRegionCode()
  code: string;

  /** Official name, e.g. 郾城区. */
  @IsString()
  @Length(1, 100)
  name: string;

  /** Follows from the code when omitted; when given it must agree. */
  @ApiPropertyOptional({ enum: CREATABLE_LEVELS })
  @IsOptional()
  @IsIn(CREATABLE_LEVELS)
  level?: RegionLevel;

  /** The region directly above; follows from the code when omitted, and must agree when given. */
  @ApiPropertyOptional({ example: '411103100000' })
  @IsOptional()
  @IsRegionCode()
  parentCode?: string;
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
