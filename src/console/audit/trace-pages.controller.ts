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
import { traceIndexPage } from './trace-index.view';
import { fundTracePage } from './trace.view';

const FUNDS_PER_PAGE = 100;

/** A whole number from 1 to `max` out of a query value, else nothing (the page falls back to its default). */
function whole(v: unknown, max: number): number | undefined {
  if (typeof v !== 'string' || !/^\d{1,6}$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 1 && n <= max ? n : undefined;
}

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

  /** `?page=` numbers the funds' pages; `?size=` (1–500) is there for a test or a long look, 100 else. */
  @Get()
  async index(
    @Ctx() ctx: ConsoleContext,
    @Query('page') page: unknown,
    @Query('size') size: unknown,
    @Res() res: Response,
  ) {
    const p = whole(page, 100_000) ?? 1;
    const n = whole(size, 500) ?? FUNDS_PER_PAGE;
    const [funds, assets, households] = await Promise.all([
      this.funds.numberedPage(ctx.actor, p, n),
      this.assets.list(ctx.actor, { limit: 50 }),
      this.households.list(ctx.actor, { limit: 50 }),
    ]);
    const fundsPage = { ...funds, page: p, size: n, defaultSize: FUNDS_PER_PAGE };
    send(res, traceIndexPage(ctx, fundsPage, assets.items, households.items));
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
