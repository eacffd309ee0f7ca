import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators';
import type { Actor } from '../auth/role';
import {
  CreateHouseholdDto,
  ExitHouseholdDto,
  HouseholdDto,
  HouseholdPageDto,
  ListHouseholdsQuery,
} from './dto/household.dto';
import { HouseholdsService } from './households.service';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';

/** No route reveals a full ID number: there is deliberately no "reveal" endpoint (see HouseholdsService). */
@ApiTags('households')
@ApiBearerAuth()
@Controller('households')
export class HouseholdsController {
  constructor(private readonly households: HouseholdsService) {}

  /** Registers a household (建档立卡) in a village; the ID number comes back masked. */
  @Post()
  @Roles('village', 'township')
  @ApiOperation({ summary: 'Register a household (建档立卡); the ID number comes back masked' })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateHouseholdDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<HouseholdDto> {
    return this.households.create(actor, dto, idempotencyKey);
  }

  /** Takes the household off the list (退出) from a date. */
  @Post(':id/exit')
  @Roles('village', 'township')
  @ApiOperation({ summary: 'Take a household off the list (退出) from a date' })
  exit(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ExitHouseholdDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<HouseholdDto> {
    return this.households.exit(actor, id, dto, idempotencyKey);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read one household (ID number masked)' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<HouseholdDto> {
    return this.households.get(actor, id);
  }

  @Get()
  @ApiOperation({ summary: 'List households (ID numbers masked)' })
  list(@CurrentActor() actor: Actor, @Query() q: ListHouseholdsQuery): Promise<HouseholdPageDto> {
    return this.households.list(actor, q);
  }
}
