import { Get, Param, ParseIntPipe, ParseUUIDPipe, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { AssetReadService } from '../../assets/asset-read.service';
import { AuditReader } from '../../audit/audit-access';
import { BackTraceService } from '../../audit/trace/back-trace.service';
import { FundTraceQuery } from '../../audit/trace/dto/trace-query.dto';
import { EntryTraceService } from '../../audit/trace/entry-trace.service';
import { ForwardTraceService } from '../../audit/trace/forward-trace.service';
import { TraceExportService } from '../../audit/trace/trace-export.service';
import { DomainError } from '../../common/errors/domain-error';
import { businessToday, isCalendarDate } from '../../common/business-date';
import { FundsService } from '../../funds/funds.service';
import { HouseholdsService } from '../../households/households.service';
import { ConsoleController, Ctx } from '../console.decorators';
import type { ConsoleContext } from '../console-context';
import { send } from '../finance/finance-labels';
import { assetBackPage, entryPage, householdBackPage } from './back-trace.view';
import { traceIndexAt, traceIndexPage } from './trace-index.view';
import { fundTracePage } from './trace.view';

/** `asOf` of a link: a business date or nothing (the API's FundTraceQuery rule). */
function traceQuery(asOf: unknown): FundTraceQuery {
  if (asOf === undefined || asOf === '') return {};
  if (typeof asOf !== 'string' || !isCalendarDate(asOf) || asOf > businessToday())
    throw new DomainError('VALIDATION_FAILED', 'asOf must be a business date / 截至日期格式错误或晚于今天');
  return { asOf };
}

/** 资金追踪: the forward trace as a picture beside its table, back traces, and one journal entry. */
@ConsoleController('audit/trace')
@AuditReader()
export class TracePagesController {
  constructor(
    private readonly forward: ForwardTraceService,
    private readonly back: BackTraceService,
    private readonly entries: EntryTraceService,
    private readonly exporter: TraceExportService,
    private readonly funds: FundsService,
    private readonly assets: AssetReadService,
    private readonly households: HouseholdsService,
  ) {}

  /** Funds, assets and households, each paged by number (traceIndexAt: `?page=&assetPage=&householdPage=&size=`). */
  @Get()
  async index(@Ctx() ctx: ConsoleContext, @Query() q: Record<string, unknown>, @Res() res: Response) {
    const at = traceIndexAt(q);
    const [funds, assets, households] = await Promise.all([
      this.funds.numberedPage(ctx.actor, at.page, at.size),
      this.assets.numberedPage(ctx.actor, at.assetPage, at.size),
      this.households.numberedPage(ctx.actor, at.householdPage, at.size),
    ]);
    send(res, traceIndexPage(ctx, at, { funds, assets, households }));
  }

  /** Declared before `funds/:id`, as on the API, so that `:id.xlsx` reaches it. */
  @Get('funds/:id.xlsx')
  fundXlsx(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('asOf') asOf: unknown,
  ): Promise<StreamableFile> {
    return this.exporter.fund(ctx.actor, id, traceQuery(asOf));
  }

  @Get('funds/:id')
  async fund(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('asOf') asOf: unknown,
    @Res() res: Response,
  ) {
    const q = traceQuery(asOf);
    send(res, fundTracePage(ctx, await this.forward.trace(ctx.actor, id, q), q));
  }

  @Get('assets/:id')
  async asset(@Ctx() ctx: ConsoleContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    send(res, assetBackPage(ctx, await this.back.asset(ctx.actor, id)));
  }

  @Get('households/:id')
  async household(@Ctx() ctx: ConsoleContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    send(res, householdBackPage(ctx, await this.back.household(ctx.actor, id)));
  }

  @Get('entries/:book/:seq')
  async entry(
    @Ctx() ctx: ConsoleContext,
    @Param('book') book: string,
    @Param('seq', ParseIntPipe) seq: number,
    @Res() res: Response,
  ) {
    if (!/^\d{12}$/.test(book) || seq < 1) throw new DomainError('NOT_FOUND', `No entry ${book}/${seq} / 没有这条记录`);
    send(res, entryPage(ctx, await this.entries.entry(ctx.actor, book, seq)));
  }
}
