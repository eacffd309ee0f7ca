import { Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../../auth/access.decorators';
import { NoticePdfService } from '../../notices/notice-pdf.service';
import { NOTICE_FROM, NoticesService } from '../../notices/notices.service';
import { ApplyProjectService } from '../../projects/apply-project.service';
import { ProjectReadService } from '../../projects/project-read.service';
import { html } from '../../public/html';
import { ConsoleController, ConsolePost, Ctx, FormBody } from '../console.decorators';
import type { ConsoleContext } from '../console-context';
import { JournalRefs } from '../work/entries';
import { noticeStep, previewPdf } from '../work/notice-step';
import { projectListPage, projectPage, type ProjectAction } from '../work/project.view';
import { runStep, showStep } from '../work/step';
import { applyStep } from './apply.step';

const send = (res: Response, page: string, status = 200) => res.status(status).type('html').send(page);
const BASE = '/console/village/projects';
const cursorOf = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? v : undefined);

/** The village's projects: apply, then publish the application (and later completion) notice. */
@ConsoleController('village/projects')
@Roles('village')
export class VillageProjectsController {
  private readonly apply: ReturnType<typeof applyStep>;
  private readonly notice: ReturnType<typeof noticeStep>;

  constructor(
    applying: ApplyProjectService,
    private readonly reader: ProjectReadService,
    private readonly notices: NoticesService,
    private readonly pdfs: NoticePdfService,
    refs: JournalRefs,
  ) {
    this.apply = applyStep(applying, refs);
    this.notice = noticeStep(
      ['application', 'completion'],
      (r) => `${r.split(' ').pop()}村民委员会`,
      notices,
      (p) => `${BASE}/${p.id}`,
    );
  }

  @Get()
  async list(@Ctx() ctx: ConsoleContext, @Query('cursor') cursor: unknown, @Res() res: Response) {
    const c = cursorOf(cursor);
    const page = await this.reader.list(ctx.actor, { limit: 50, cursor: c });
    const top = html`<p><a class="button" href="${BASE}/new">申报新项目</a></p>`;
    send(res, projectListPage(ctx, '本村项目', page, BASE, { cursor: c }, top));
  }

  @Get('new')
  newForm(@Ctx() ctx: ConsoleContext, @Res() res: Response) {
    send(res, showStep(ctx, `${BASE}/new`, this.apply, null, BASE));
  }

  @ConsolePost('new')
  async create(@Ctx() ctx: ConsoleContext, @FormBody() body: Record<string, string>, @Res() res: Response) {
    const r = await runStep(ctx, `${BASE}/new`, this.apply, null, body, BASE);
    send(res, r.page, r.status);
  }

  @Get(':id')
  async show(@Ctx() ctx: ConsoleContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const p = await this.reader.get(ctx.actor, id);
    const actions: ProjectAction[] = [];
    if (NOTICE_FROM.application.includes(p.status))
      actions.push({ href: `${BASE}/${id}/notice`, label: '发布申报公示' });
    if (NOTICE_FROM.completion.includes(p.status))
      actions.push({ href: `${BASE}/${id}/notice`, label: '发布验收公示' });
    send(res, projectPage(ctx, p, actions, { notices: '/console/village/notices', back: BASE }));
  }

  @Get(':id/notice')
  async noticeForm(@Ctx() ctx: ConsoleContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const p = await this.reader.get(ctx.actor, id);
    send(res, showStep(ctx, `${BASE}/${id}/notice`, this.notice, p, `${BASE}/${id}`));
  }

  @ConsolePost(':id/notice')
  async publish(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, string>,
    @Res() res: Response,
  ) {
    const p = await this.reader.get(ctx.actor, id);
    const r = await runStep(ctx, `${BASE}/${id}/notice`, this.notice, p, body, `${BASE}/${id}`);
    send(res, r.page, r.status);
  }

  /** The draft notice as a PDF, before it is published (nothing written). */
  @Get(':id/notice-preview')
  async preview(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: Record<string, unknown>,
    @Res() res: Response,
  ) {
    res
      .type('application/pdf')
      .send(await previewPdf(this.notices, this.pdfs, ctx, id, q, ['application', 'completion']));
  }
}
