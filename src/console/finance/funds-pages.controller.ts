import { Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../../auth/access.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { AllocateFundDto, CreateFundDto } from '../../funds/dto/fund.dto';
import { FundsService } from '../../funds/funds.service';
import { ConsoleController, ConsolePost, Ctx, FormBody } from '../console.decorators';
import type { ConsoleContext } from '../console-context';
import { chineseMessage, emptyForm, isBack, isConfirmed, readForm, withError, type FormState } from '../forms';
import { send, uuidCursor } from './finance-labels';
import {
  allocatePage,
  confirmAllocatePage,
  confirmFundPage,
  fundAllocatedPage,
  fundCreatedPage,
  fundPage,
  fundsPage,
  newFundPage,
} from './funds.view';

/** Which field a refusal of the funds service is about (the rest is shown above the form). */
const FIELD_OF: Record<string, string> = {
  ALREADY_EXISTS: 'docNo',
  OUT_OF_SCOPE: 'regionCode',
  NOT_FOUND: 'regionCode',
  VALIDATION_FAILED: 'regionCode',
  DATE_ORDER: 'issuedOn',
};

function refusal<T>(f: FormState<T>, e: unknown, regionField: string): FormState<T> {
  if (!(e instanceof DomainError)) throw e;
  const field = FIELD_OF[e.code] === 'regionCode' ? regionField : (FIELD_OF[e.code] ?? 'amount');
  return withError(f, field, chineseMessage(e.message));
}

/** 资金: fund documents (指标文件) of the finance bureau's region: list, record, allocate down (下达). */
@ConsoleController('finance/funds')
@Roles('finance')
export class FundsPagesController {
  constructor(private readonly funds: FundsService) {}

  @Get()
  async list(
    @Ctx() ctx: ConsoleContext,
    @Query('cursor') cursor: unknown,
    @Query('year') year: unknown,
    @Res() res: Response,
  ) {
    const c = uuidCursor(cursor);
    const y = typeof year === 'string' && /^20\d\d$/.test(year) ? year : undefined;
    const page = await this.funds.list(ctx.actor, { limit: 50, cursor: c, year: y ? Number(y) : undefined });
    send(res, fundsPage(ctx, page, { cursor: c, year: y }));
  }

  @Get('new')
  newFund(@Ctx() ctx: ConsoleContext, @Res() res: Response) {
    send(res, newFundPage(ctx, emptyForm({ regionCode: ctx.actor.regionCode })));
  }

  @ConsolePost('new')
  async create(@Ctx() ctx: ConsoleContext, @FormBody() body: Record<string, string>, @Res() res: Response) {
    const f = await readForm(CreateFundDto, body, { money: ['amount'] });
    if (!f.dto || isBack(body)) return send(res, newFundPage(ctx, f), isBack(body) ? 200 : 400);
    if (!isConfirmed(body)) return send(res, confirmFundPage(ctx, f.values, f.dto));
    try {
      send(res, fundCreatedPage(ctx, await this.funds.create(ctx.actor, f.dto)));
    } catch (e) {
      send(res, newFundPage(ctx, refusal(f, e, 'regionCode')), 422);
    }
  }

  @Get(':id')
  async fund(@Ctx() ctx: ConsoleContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    send(res, fundPage(ctx, await this.funds.get(ctx.actor, id)));
  }

  @Get(':id/allocate')
  async allocateForm(@Ctx() ctx: ConsoleContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    send(res, allocatePage(ctx, await this.funds.get(ctx.actor, id), emptyForm()));
  }

  @ConsolePost(':id/allocate')
  async allocate(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, string>,
    @Res() res: Response,
  ) {
    const fund = await this.funds.get(ctx.actor, id);
    const f = await readForm(AllocateFundDto, body, { money: ['amount'] });
    if (!f.dto || isBack(body)) return send(res, allocatePage(ctx, fund, f), isBack(body) ? 200 : 400);
    if (!isConfirmed(body)) return send(res, confirmAllocatePage(ctx, fund, f.values, f.dto));
    try {
      send(res, fundAllocatedPage(ctx, fund, await this.funds.allocate(ctx.actor, id, f.dto)));
    } catch (e) {
      send(res, allocatePage(ctx, fund, refusal(f, e, 'toRegionCode')), 422);
    }
  }
}
