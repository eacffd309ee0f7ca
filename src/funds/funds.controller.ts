import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators';
import type { Actor } from '../auth/role';
import { AllocateFundDto, CreateFundDto, FundDto, FundPageDto, ListFundsQuery } from './dto/fund.dto';
import { FundsService } from './funds.service';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';

@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class FundsController {
  constructor(private readonly funds: FundsService) {}

  /** Records an indicator document (指标文件) bringing money into a region's books. */
  @Post()
  @Roles('finance')
  @ApiOperation({ summary: 'Record an indicator document (指标文件) bringing money in' })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateFundDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<FundDto> {
    return this.funds.create(actor, dto, idempotencyKey);
  }

  /** Allocates (下达) part of a fund to a lower region; answers the child fund in that region's books. */
  @Post(':id/allocations')
  @Roles('finance')
  @ApiOperation({ summary: 'Allocate (下达) part of a fund to a lower region' })
  allocate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AllocateFundDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<FundDto> {
    return this.funds.allocate(actor, id, dto, idempotencyKey);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read one fund with its balances' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<FundDto> {
    return this.funds.get(actor, id);
  }

  @Get()
  @ApiOperation({ summary: "List the funds in the caller's region" })
  list(@CurrentActor() actor: Actor, @Query() q: ListFundsQuery): Promise<FundPageDto> {
    return this.funds.list(actor, q);
  }
}
