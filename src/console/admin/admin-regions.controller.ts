import { Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../../auth/access.decorators';
import { domainErrorFromPg } from '../../common/errors/pg-error';
import { DomainError } from '../../common/errors/domain-error';
import { isRegionCode } from '../../common/region-code';
import { CreateRegionDto } from '../../regions/dto/region.dto';
import { RegionsService } from '../../regions/regions.service';
import { ConsoleController, ConsolePost, Ctx, FormBody } from '../console.decorators';
import type { ConsoleContext } from '../console-context';
import { chineseMessage, emptyForm, isBack, isConfirmed, readForm, withError } from '../forms';
import { confirmRegionPage, createdRegionPage, newRegionPage, regionsPage } from './admin-regions.view';

const send = (res: Response, page: string, status = 200) => res.status(status).type('html').send(page);
const codeOf = (v: unknown) => (typeof v === 'string' && /^\d{12}$/.test(v) && isRegionCode(v) ? v : undefined);

/** Regions under the admin's: the children of one region, paged, and a new region. */
@ConsoleController('admin/regions')
@Roles('admin')
export class AdminRegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  async list(
    @Ctx() ctx: ConsoleContext,
    @Query('parent') parent: unknown,
    @Query('cursor') cursor: unknown,
    @Res() res: Response,
  ) {
    const parentCode = codeOf(parent) ?? ctx.actor.regionCode;
    const c = codeOf(cursor);
    const [region, page] = await Promise.all([
      this.regions.read(ctx.actor, parentCode),
      this.regions.children(ctx.actor, parentCode, 50, c),
    ]);
    send(res, regionsPage(ctx, region, page, c));
  }

  @Get('new')
  newRegion(@Ctx() ctx: ConsoleContext, @Query('parent') parent: unknown, @Res() res: Response) {
    send(res, newRegionPage(ctx, emptyForm({ parentCode: codeOf(parent) ?? '' })));
  }

  @ConsolePost('new')
  async create(@Ctx() ctx: ConsoleContext, @FormBody() body: Record<string, string>, @Res() res: Response) {
    const f = await readForm(CreateRegionDto, body);
    if (!f.dto || isBack(body)) return send(res, newRegionPage(ctx, f), isBack(body) ? 200 : 400);
    if (!isConfirmed(body)) return send(res, confirmRegionPage(ctx, f.values));
    try {
      send(res, createdRegionPage(ctx, await this.regions.create(ctx.actor, f.dto)));
    } catch (e) {
      const d = e instanceof DomainError ? e : domainErrorFromPg(e);
      if (!d || !['VALIDATION_FAILED', 'ALREADY_EXISTS', 'OUT_OF_SCOPE', 'NOT_FOUND'].includes(d.code)) throw e;
      const message = d.code === 'NOT_FOUND' ? '上级区划不存在，请先建上级区划' : chineseMessage(d.message);
      send(res, newRegionPage(ctx, withError(f, 'code', message)), 400);
    }
  }
}
