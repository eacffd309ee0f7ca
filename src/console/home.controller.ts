import { Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { html } from '../public/html';
import { ConsoleController, Ctx } from './console.decorators';
import type { ConsoleContext } from './console-context';
import { consolePage, ROLE_NAMES } from './layout';

/** 工作台: what waits for the signed-in user and the year's figures of its region. */
@ConsoleController()
export class HomeController {
  @Get()
  home(@Ctx() ctx: ConsoleContext, @Res() res: Response) {
    res.type('html').send(
      consolePage(
        ctx,
        '工作台',
        html`<h1>工作台</h1>
          <div class="card"><p>${ctx.actor.name}，您好。您是${ctx.regionName}的${ROLE_NAMES[ctx.actor.role]}用户。</p></div>`,
      ),
    );
  }
}
