import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators';
import type { Actor } from '../auth/role';
import { CreateRegionDto, ListRegionsQuery, RegionDto, RegionPageDto } from './dto/region.dto';
import { RegionsService } from './regions.service';
import { RegionCodePipe } from './region-code.pipe';

@ApiTags('regions')
@ApiBearerAuth()
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a region (level and parent follow from its 12-digit code)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRegionDto): Promise<RegionDto> {
    return this.regions.create(actor, dto);
  }

  /** Children of `parentCode` (default: the caller's own region), ordered by code. */
  @Get()
  @ApiOperation({ summary: 'List the children of a region, ordered by code' })
  list(@CurrentActor() actor: Actor, @Query() q: ListRegionsQuery): Promise<RegionPageDto> {
    return this.regions.children(actor, q.parentCode ?? actor.regionCode, q.limit, q.cursor);
  }

  @Get(':code')
  @ApiOperation({ summary: 'Read one region' })
  get(@CurrentActor() actor: Actor, @Param('code', RegionCodePipe) code: string): Promise<RegionDto> {
    return this.regions.read(actor, code);
  }
}
