import { Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ConsoleController, Ctx } from './console.decorators';
import type { ConsoleContext } from './console-context';
import { DashboardService } from './dashboard.service';
import { homePage } from './views/home.view';

/** 工作台: what waits for the signed-in user and the year's figures of its region. */
@ConsoleController()
export class HomeController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  async home(@Ctx() ctx: ConsoleContext, @Query('year') year: unknown, @Res() res: Response) {
    const y = typeof year === 'string' && /^20\d\d$/.test(year) ? Number(year) : undefined;
    const [waits, figures] = await Promise.all([this.dashboard.waits(ctx.actor), this.dashboard.figures(ctx.actor, y)]);
    res.type('html').send(homePage(ctx, waits, figures));
  }
}
