import { Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../../auth/access.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { formatYuan } from '../../notices/pdf/format';
import { PROJECT_STATUSES, type ProjectStatus } from '../../projects/project.entity';
import { PostDisbursementService } from '../../projects/post-disbursement.service';
import { ProjectReadService } from '../../projects/project-read.service';
import { ConsoleController, ConsolePost, Ctx, FormBody } from '../console.decorators';
import type { ConsoleContext } from '../console-context';
import { chineseMessage, emptyForm, isBack, isConfirmed, withError } from '../forms';
import { send, uuidCursor } from './finance-labels';
import { readPaymentForm, REFUSAL_FIELD } from './payment-form';
import { confirmPaymentPage, paidPage, paymentPage, projectsPage } from './payments.view';

/** The figures a refusal carries (its details), named in Chinese: why the amount is too much, and by how much. */
const FIGURES: Record<string, string> = {
  limit: '限额',
  advancesPaid: '已付预付款',
  remaining: '尚余',
  finalCost: '决算',
  retention: '质保金',
  paid: '已付',
  requested: '本次',
  dueOn: '到期日',
  periodEnd: '公示期至',
};
function figuresOf(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  const parts = Object.entries(details as Record<string, unknown>)
    .filter(([k, v]) => FIGURES[k] && typeof v === 'string')
    .map(([k, v]) => `${FIGURES[k]} ${/^\d+\.\d\d$/.test(v as string) ? `${formatYuan(v as string)} 元` : v}`);
  return parts.length ? `（${parts.join('，')}）` : '';
}

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
      const reason = chineseMessage(e.message) + figuresOf(e.details);
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
