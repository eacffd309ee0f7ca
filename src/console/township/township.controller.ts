import { Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../../auth/access.decorators';
import { ApplyProjectService } from '../../projects/apply-project.service';
import { ProjectLifecycleService } from '../../projects/project-lifecycle.service';
import { ProjectReadService } from '../../projects/project-read.service';
import { STEP_FROM } from '../../projects/project-rules';
import { html } from '../../public/html';
import { ConsoleController, ConsolePost, Ctx, FormBody } from '../console.decorators';
import type { ConsoleContext } from '../console-context';
import { completeStep } from '../work/complete.step';
import { JournalRefs } from '../work/entries';
import { projectListPage, projectPage, type ProjectAction } from '../work/project.view';
import { runStep, showStep } from '../work/step';
import { reviewStep } from './review.step';

const send = (res: Response, page: string, status = 200) => res.status(status).type('html').send(page);
const BASE = '/console/township/projects';
const cursorOf = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? v : undefined);

/** The township: the review queue of its villages' applications, and the preliminary completion. */
@ConsoleController('township')
@Roles('township')
export class TownshipController {
  private readonly steps: { review: ReturnType<typeof reviewStep>; complete: ReturnType<typeof completeStep> };

  constructor(
    applying: ApplyProjectService,
    lifecycle: ProjectLifecycleService,
    private readonly reader: ProjectReadService,
    refs: JournalRefs,
  ) {
    this.steps = { review: reviewStep(applying, refs), complete: completeStep(lifecycle, refs, BASE) };
  }

  @Get('reviews')
  async queue(@Ctx() ctx: ConsoleContext, @Query('cursor') cursor: unknown, @Res() res: Response) {
    const c = cursorOf(cursor);
    const page = await this.reader.list(ctx.actor, { limit: 50, cursor: c, status: 'applied' });
    const top = html`<p class="muted">本乡镇各村已申报、待审核的项目。审核通过须在申报公示期满且无未处理异议之后。</p>`;
    send(res, projectListPage(ctx, '待审核项目', page, BASE, { cursor: c }, top));
  }

  @Get('projects')
  async list(@Ctx() ctx: ConsoleContext, @Query('cursor') cursor: unknown, @Res() res: Response) {
    const c = cursorOf(cursor);
    const page = await this.reader.list(ctx.actor, { limit: 50, cursor: c });
    send(res, projectListPage(ctx, '本乡镇项目', page, BASE, { cursor: c }));
  }

  @Get('projects/:id')
  async show(@Ctx() ctx: ConsoleContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const p = await this.reader.get(ctx.actor, id);
    const actions: ProjectAction[] = [];
    if (STEP_FROM.review.includes(p.status)) actions.push({ href: `${BASE}/${id}/review`, label: '审核' });
    if (STEP_FROM.complete.includes(p.status)) actions.push({ href: `${BASE}/${id}/complete`, label: '完工（初验）' });
    send(res, projectPage(ctx, p, actions, { back: `${BASE}` }));
  }

  @Get('projects/:id/review')
  async reviewForm(@Ctx() ctx: ConsoleContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const p = await this.reader.get(ctx.actor, id);
    send(res, showStep(ctx, `${BASE}/${id}/review`, this.steps.review, p, `${BASE}/${id}`));
  }

  @ConsolePost('projects/:id/review')
  async review(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, string>,
    @Res() res: Response,
  ) {
    const p = await this.reader.get(ctx.actor, id);
    const r = await runStep(ctx, `${BASE}/${id}/review`, this.steps.review, p, body, `${BASE}/${id}`);
    send(res, r.page, r.status);
  }

  @Get('projects/:id/complete')
  async completeForm(@Ctx() ctx: ConsoleContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const p = await this.reader.get(ctx.actor, id);
    send(res, showStep(ctx, `${BASE}/${id}/complete`, this.steps.complete, p, `${BASE}/${id}`));
  }

  @ConsolePost('projects/:id/complete')
  async complete(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, string>,
    @Res() res: Response,
  ) {
    const p = await this.reader.get(ctx.actor, id);
    const r = await runStep(ctx, `${BASE}/${id}/complete`, this.steps.complete, p, body, `${BASE}/${id}`);
    send(res, r.page, r.status);
  }
}
