import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators';
import type { Actor } from '../auth/role';
import { AssetExportService } from './asset-export.service';
import { AssetMoneyService } from './asset-money.service';
import { AssetReadService } from './asset-read.service';
import {
  AssetSummaryQuery,
  DistributeIncomeDto,
  DisposeAssetDto,
  ListAssetsQuery,
  RecordIncomeDto,
  RegisterAssetDto,
  TransferAssetDto,
} from './dto/asset.dto';
import { AssetDto, AssetPageDto, AssetSummaryDto, DistributionResultDto } from './dto/asset-view.dto';
import { RegisterAssetService } from './register-asset.service';
import { XLSX_MIME } from '../excel/templates';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';

/** 资产登记: an accepted or settled project's assets. */
@ApiTags('assets')
@ApiBearerAuth()
@Controller('projects/:id/assets')
export class ProjectAssetsController {
  constructor(private readonly registering: RegisterAssetService) {}

  /** 确权登记 by the county program office; the value is attributed pro rata to the funds that paid. */
  @Post()
  @Roles('program')
  @ApiOperation({ summary: 'Register an asset (确权登记) left by a project' })
  register(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RegisterAssetDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<AssetDto> {
    return this.registering.register(actor, id, dto, idempotencyKey);
  }
}

/** The asset register (资产台账) and each asset's hand-over, income, distribution and disposal. */
@ApiTags('assets')
@ApiBearerAuth()
@Controller('assets')
export class AssetsController {
  constructor(
    private readonly registering: RegisterAssetService,
    private readonly money: AssetMoneyService,
    private readonly reader: AssetReadService,
    private readonly exporter: AssetExportService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List assets' })
  list(@CurrentActor() actor: Actor, @Query() q: ListAssetsQuery): Promise<AssetPageDto> {
    return this.reader.list(actor, q);
  }

  /** The register of a region as .xlsx (资产台账); `year` picks the income column's year. */
  @Get('export.xlsx')
  @ApiProduces(XLSX_MIME)
  @ApiOperation({ summary: 'The asset register (资产台账) of a region as .xlsx' })
  export(@CurrentActor() actor: Actor, @Query() q: AssetSummaryQuery): Promise<StreamableFile> {
    return this.exporter.export(actor, q.regionCode, q.year);
  }

  /** Per village: assets in use, their value, income and distributions in the year. */
  @Get('summary')
  @ApiOperation({ summary: 'Per-village summary of assets, income and distributions' })
  summary(@CurrentActor() actor: Actor, @Query() q: AssetSummaryQuery): Promise<AssetSummaryDto> {
    return this.reader.summary(actor, q);
  }

  /** The asset with its funding by fund and source level and its ownership history. */
  @Get(':id')
  @ApiOperation({ summary: 'Read one asset with its funding and ownership history' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<AssetDto> {
    return this.reader.get(actor, id);
  }

  /** 移交 to a new owner and custodian, with the hand-over document number. */
  @Post(':id/transfers')
  @Roles('program')
  @ApiOperation({ summary: 'Transfer an asset (移交) to a new owner and custodian' })
  transfer(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: TransferAssetDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<AssetDto> {
    return this.registering.transfer(actor, id, dto, idempotencyKey);
  }

  /** 收益 of an operating asset, recorded by its village (or the program office). */
  @Post(':id/income')
  @Roles('village', 'program')
  @ApiOperation({ summary: 'Record income (收益) of an operating asset' })
  income(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecordIncomeDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<AssetDto> {
    return this.money.income(actor, id, dto, idempotencyKey);
  }

  /** 收益分配 to households of the village and to purposes; answers warnings from the priority check. */
  @Post(':id/distributions')
  @Roles('village', 'program')
  @ApiOperation({ summary: 'Distribute asset income (收益分配) to households and purposes' })
  distribute(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DistributeIncomeDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<DistributionResultDto> {
    return this.money.distribute(actor, id, dto, idempotencyKey);
  }

  /** 处置 with the village assembly, township and county approval dates. */
  @Post(':id/disposal')
  @Roles('program')
  @ApiOperation({ summary: 'Dispose of an asset (处置)' })
  dispose(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DisposeAssetDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<AssetDto> {
    return this.money.dispose(actor, id, dto, idempotencyKey);
  }
}
