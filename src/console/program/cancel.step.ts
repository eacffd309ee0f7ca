import { businessToday } from '../../common/business-date';
import { DomainError } from '../../common/errors/domain-error';
import { fenToYuan, yuanToFen } from '../../common/money';
import { CancelProjectDto } from '../../projects/dto/project.dto';
import type { ProjectDto } from '../../projects/dto/project-view.dto';
import { PROJECT_STATUSES } from '../../projects/project.entity';
import { STEP_FROM } from '../../projects/project-rules';
import type { ProjectLifecycleService } from '../../projects/project-lifecycle.service';
import { html } from '../../public/html';
import { field, yuan, yuanWithCapitals } from '../views/form.view';
import { closedNotice, projectSubject } from '../work/closed';
import type { JournalRefs } from '../work/entries';
import { STATUS_NAMES } from '../work/labels';
import type { Step } from '../work/step';

/**
 * 终止: the program office ends a project before it is settled; what is committed and not paid goes back
 * to the county's pool. Which states allow it is the service's rule (STEP_FROM.cancel), not this page's.
 */
export function cancelStep(
  lifecycle: ProjectLifecycleService,
  refs: JournalRefs,
  base: string,
): Step<CancelProjectDto, ProjectDto> {
  return {
    title: '终止项目',
    Dto: CancelProjectDto,
    defaults: () => ({ cancelledOn: businessToday() }),
    closed: (p) =>
      STEP_FROM.cancel.includes(p.status)
        ? undefined
        : closedNotice(projectSubject(p, `${base}/${p.id}`), '终止', whyNot(p)),
    intro: (p) => html`<p>项目：<strong>${p.name}</strong>（${STATUS_NAMES[p.status]}；安排资金
      ${yuan(p.amounts.committed)}，已拨付 ${yuan(p.amounts.disbursed)}）。终止后项目不再实施，
      未拨付的 <strong>${yuan(p.amounts.remaining)}</strong> 退回本县资金池；已拨付的款项不受影响。</p>`,
    fields: (f) => html`
      ${field({ name: 'cancelledOn', label: '终止日期', type: 'date', required: true }, f)}
      ${field({ name: 'reason', label: '终止原因', type: 'textarea', required: true }, f)}`,
    confirm: (dto, _v, p) => [
      ['项目', p.name],
      ['当前状态', STATUS_NAMES[p.status]],
      ['终止日期', dto.cancelledOn],
      ['终止原因', dto.reason],
      ['退回资金池', yuanWithCapitals(p.amounts.remaining)],
    ],
    warning: '确认后项目即终止，不能恢复；未拨付的资金退回本县资金池（写入台账）。',
    run: async (dto, p, ctx) => {
      const done = await lifecycle.cancel(ctx.actor, p.id, dto).catch((e: unknown) => {
        throw inChinese(e);
      });
      const released = fenToYuan(yuanToFen(done.amounts.released) - yuanToFen(p.amounts.released));
      return {
        message: '项目已终止，未拨付的资金已退回本县资金池。',
        rows: [
          ['项目', done.name],
          ['终止日期', dto.cancelledOn],
          ['终止原因', dto.reason],
          ['退回资金池', yuanWithCapitals(released)],
        ],
        entry: await refs.latest(`project:${p.id}`, 'project.cancelled'),
        next: html`<p><a href="${base}/${p.id}">返回项目</a></p>`,
      };
    },
    dateField: 'cancelledOn',
  };
}

/** Why the service's rule refuses 终止 for this project, in the clerk's words, with the dates it has. */
function whyNot(p: ProjectDto): string {
  if (p.cancelledOn)
    return `该项目已于 ${p.cancelledOn} 终止（${p.cancelReason ?? ''}），未拨付的资金已在终止时退回本县资金池，不能再次终止。`;
  if (p.settledOn) return `该项目已于 ${p.settledOn} 结算，资金已经结清，没有可退回的安排资金；结算后的项目不能终止。`;
  return '终止只适用于结算之前仍在办理中的项目。';
}

/**
 * The service says a state refusal with the status's code (settled); the clerk reads its name (已结算).
 * Only the wording changes: the refusal, its code and details are the service's.
 */
function inChinese(e: unknown): unknown {
  if (!(e instanceof DomainError) || e.code !== 'INVALID_STATE') return e;
  const current = (e.details as { current?: string } | undefined)?.current;
  const status = PROJECT_STATUSES.find((s) => s === current);
  if (!status) return e;
  return new DomainError(
    'INVALID_STATE',
    `${e.message.split(' / ')[0]} / 项目当前为“${STATUS_NAMES[status]}”，不能终止`,
    e.details,
  );
}
