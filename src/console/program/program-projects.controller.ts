import { Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../../auth/access.decorators';
import { RegisterAssetService } from '../../assets/register-asset.service';
import { notFound } from '../../common/errors/domain-error';
import { FundsService } from '../../funds/funds.service';
import { NoticePdfService } from '../../notices/notice-pdf.service';
import { NOTICE_FROM, NoticesService } from '../../notices/notices.service';
import { ApproveProjectService } from '../../projects/approve-project.service';
import type { ProjectDto } from '../../projects/dto/project-view.dto';
import { PROJECT_STATUSES, type ProjectStatus } from '../../projects/project.entity';
import { ProjectLifecycleService } from '../../projects/project-lifecycle.service';
import { ProjectReadService } from '../../projects/project-read.service';
import { STEP_FROM } from '../../projects/project-rules';
import { html } from '../../public/html';
import { ConsoleController, ConsolePost, Ctx, FormBody } from '../console.decorators';
import type { ConsoleContext } from '../console-context';
import { completeStep } from '../work/complete.step';
import { JournalRefs } from '../work/entries';
import { STATUS_NAMES } from '../work/labels';
import { noticeStep, previewPdf } from '../work/notice-step';
import { projectListPage, projectPage } from '../work/project.view';
import { erase, runStep, showStep, type SomeStep, type Step } from '../work/step';
import { approveStep, type ApproveContext } from './approve.step';
import { cancelStep } from './cancel.step';
import { acceptStep, assetStep, startStep } from './lifecycle.steps';

const send = (res: Response, page: string, status = 200) => res.status(status).type('html').send(page);
const BASE = '/console/program/projects';
const cursorOf = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? v : undefined);

/**
 * The steps of the county program office, by path segment, with the statuses each applies to: the services'
 * own lists, so that a link shows where the service would allow the step (and the service decides).
 */
const STEPS: Record<string, { label: string; from: ProjectStatus[] }> = {
  approve: { label: '审批（批复）', from: STEP_FROM.approve },
  notice: { label: '发布批复公示', from: NOTICE_FROM.approval },
  start: { label: '开工实施', from: STEP_FROM.start },
  complete: { label: '完工', from: STEP_FROM.complete },
  accept: { label: '验收', from: STEP_FROM.accept },
  asset: { label: '登记资产', from: STEP_FROM.registerAssets },
  cancel: { label: '终止项目', from: STEP_FROM.cancel },
};

/** The county program office's project pages: the steps above by path segment, and 终止 (cancel). */
@ConsoleController('program/projects')
@Roles('program')
export class ProgramProjectsController {
  private readonly steps: Record<string, SomeStep<ApproveContext>>;

  constructor(
    approving: ApproveProjectService,
    lifecycle: ProjectLifecycleService,
    registering: RegisterAssetService,
    private readonly notices: NoticesService,
    private readonly pdfs: NoticePdfService,
    private readonly funds: FundsService,
    private readonly reader: ProjectReadService,
    refs: JournalRefs,
  ) {
    // Every step but approval is about the project alone; approval also needs the county's funds.
    const onProject = <T extends object>(s: Step<T, ProjectDto>) =>
      erase({ ...s, ...wrap(s) } as Step<T, ApproveContext>);
    this.steps = {
      approve: erase(approveStep(approving, refs)),
      notice: onProject(
        noticeStep(
          ['approval'],
          (r) => `${r.split(' ').pop()}乡村振兴局`,
          notices,
          (p) => `${BASE}/${p.id}`,
        ),
      ),
      start: onProject(startStep(lifecycle, refs)),
      complete: onProject(completeStep(lifecycle, refs, BASE, '完工')),
      accept: onProject(acceptStep(lifecycle, refs)),
      asset: onProject(assetStep(registering, refs)),
      cancel: onProject(cancelStep(lifecycle, refs, BASE)),
    };
  }

  @Get()
  async list(
    @Ctx() ctx: ConsoleContext,
    @Query('cursor') cursor: unknown,
    @Query('status') status: unknown,
    @Res() res: Response,
  ) {
    const c = cursorOf(cursor);
    const s = PROJECT_STATUSES.find((x) => x === status);
    const page = await this.reader.list(ctx.actor, { limit: 50, cursor: c, status: s });
    const filter = html`<p class="filters">${[undefined, ...PROJECT_STATUSES].map((x) =>
      x === s
        ? html`<strong>${x ? STATUS_NAMES[x] : '全部'}</strong> `
        : html`<a href="${BASE}${x ? `?status=${x}` : ''}">${x ? STATUS_NAMES[x] : '全部'}</a> `,
    )}</p>`;
    send(res, projectListPage(ctx, '全县项目', page, BASE, { cursor: c, status: s }, filter));
  }

  @Get(':id')
  async show(@Ctx() ctx: ConsoleContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const p = await this.reader.get(ctx.actor, id);
    const actions = Object.entries(STEPS)
      .filter(([, s]) => s.from.includes(p.status))
      .map(([k, s]) => ({ href: `${BASE}/${id}/${k}`, label: s.label }));
    send(res, projectPage(ctx, p, actions, { assets: '/console/program/assets', back: BASE }));
  }

  @Get(':id/notice-preview')
  async preview(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: Record<string, unknown>,
    @Res() res: Response,
  ) {
    res.type('application/pdf').send(await previewPdf(this.notices, this.pdfs, ctx, id, q, ['approval']));
  }

  /**
   * 终止 by its own path, declared before `:id/:step`, so that the permission table names the one step
   * that ends a project; it is the same step as the others.
   */
  @Get(':id/cancel')
  cancelForm(@Ctx() ctx: ConsoleContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    return this.stepForm(ctx, id, 'cancel', res);
  }

  @ConsolePost(':id/cancel')
  cancel(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, string>,
    @Res() res: Response,
  ) {
    return this.submit(ctx, id, 'cancel', body, res);
  }

  @Get(':id/:step')
  async stepForm(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('step') name: string,
    @Res() res: Response,
  ) {
    const [step, x] = await this.load(ctx, id, name);
    send(res, showStep(ctx, `${BASE}/${id}/${name}`, step, x, `${BASE}/${id}`));
  }

  @ConsolePost(':id/:step')
  async submit(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('step') name: string,
    @FormBody() body: Record<string, string>,
    @Res() res: Response,
  ) {
    const [step, x] = await this.load(ctx, id, name);
    const r = await runStep(ctx, `${BASE}/${id}/${name}`, step, x, body, `${BASE}/${id}`);
    send(res, r.page, r.status);
  }

  private async load(
    ctx: ConsoleContext,
    id: string,
    name: string,
  ): Promise<[SomeStep<ApproveContext>, ApproveContext]> {
    const step = Object.hasOwn(this.steps, name) ? this.steps[name] : undefined;
    if (!step) throw notFound('Page', name);
    const project = await this.reader.get(ctx.actor, id);
    if (name !== 'approve') return [step, { project, funds: [] }];
    const page = await this.funds.list(ctx.actor, { regionCode: ctx.actor.regionCode, limit: 500 });
    const funds = page.items.filter((f) => f.book === project.book && f.available !== '0.00');
    return [step, { project, funds }];
  }
}

/** A project step seen through the approval's context ({ project, funds } → project). */
function wrap<T extends object>(s: Step<T, ProjectDto>): Partial<Step<T, ApproveContext>> {
  return {
    fixed: s.fixed && ((x) => s.fixed!(x.project)),
    defaults: s.defaults && ((x, ctx) => s.defaults!(x.project, ctx)),
    fields: (f, x, ctx) => s.fields(f, x.project, ctx),
    intro: s.intro && ((x) => s.intro!(x.project)),
    closed: s.closed && ((x) => s.closed!(x.project)),
    check: s.check && ((dto, x) => s.check!(dto, x.project)),
    confirm: (dto, v, x, ctx) => s.confirm(dto, v, x.project, ctx),
    run: (dto, x, ctx) => s.run(dto, x.project, ctx),
  };
}
