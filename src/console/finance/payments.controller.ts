import { Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../../auth/access.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { PROJECT_STATUSES, type ProjectStatus } from '../../projects/project.entity';
import { PostDisbursementService } from '../../projects/post-disbursement.service';
import { ProjectReadService } from '../../projects/project-read.service';
import { ConsoleController, ConsolePost, Ctx, FormBody } from '../console.decorators';
import type { ConsoleContext } from '../console-context';
import { chineseMessage, emptyForm, isBack, isConfirmed, withError } from '../forms';
import { send, uuidCursor } from './finance-labels';
import { readPaymentForm, REFUSAL_FIELD } from './payment-form';
import { confirmPaymentPage, paidPage, paymentPage, projectsPage } from './payments.view';

/**
 * 拨付/报账 from the console: the project's payment rules are shown with the form, the confirm step runs the
 * payment service's own checks (PostDisbursementService.check) and a refusal, then or at the write, is shown
 * with its reason beside the form — nothing is written.
 */
@ConsoleController('finance/projects')
@Roles('finance')
export class PaymentsController {
  constructor(
    private readonly posting: PostDisbursementService,
    private readonly projects: ProjectReadService,
  ) {}

  @Get()
  async list(
    @Ctx() ctx: ConsoleContext,
    @Query('status') status: unknown,
    @Query('cursor') cursor: unknown,
    @Res() res: Response,
  ) {
    const s = PROJECT_STATUSES.includes(status as ProjectStatus) ? (status as ProjectStatus) : 'in_progress';
    const c = uuidCursor(cursor);
    const page = await this.projects.list(ctx.actor, { status: s, limit: 50, cursor: c });
    send(res, projectsPage(ctx, page, { status: s, cursor: c }));
  }

  @Get(':id/pay')
  async form(@Ctx() ctx: ConsoleContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const project = await this.projects.get(ctx.actor, id);
    send(res, paymentPage(ctx, project, emptyForm({ paidOn: new Date().toISOString().slice(0, 10) })));
  }

  @ConsolePost(':id/pay')
  async pay(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, string>,
    @Res() res: Response,
  ) {
    const project = await this.projects.get(ctx.actor, id);
    const f = await readPaymentForm(body);
    if (!f.dto || isBack(body)) return send(res, paymentPage(ctx, project, f), isBack(body) ? 200 : 400);
    const refused = (e: unknown) => {
      if (!(e instanceof DomainError) || e.code === 'FORBIDDEN' || e.code === 'OUT_OF_SCOPE') throw e;
      const reason = chineseMessage(e.message);
      const shown = withError(f, REFUSAL_FIELD[e.code] ?? 'amount', reason);
      return send(res, paymentPage(ctx, project, shown, reason), 422);
    };
    if (!isConfirmed(body)) {
      try {
        const plan = await this.posting.check(ctx.actor, id, f.dto);
        return send(res, confirmPaymentPage(ctx, project, f.values, f.dto, plan));
      } catch (e) {
        return refused(e);
      }
    }
    try {
      const paid = await this.posting.post(ctx.actor, id, f.dto);
      send(res, paidPage(ctx, project, paid));
    } catch (e) {
      refused(e);
    }
  }
}
