import { businessToday } from '../../common/business-date';
import { type NoticeViewDto, type ObjectionViewDto, ResolveObjectionDto } from '../../notices/dto/notice.dto';
import { isAnswered, type ObjectionsService } from '../../notices/objections.service';
import { html } from '../../public/html';
import { field } from '../views/form.view';
import { closedNotice } from '../work/closed';
import { OBJECTION_STATUS_NAMES } from '../work/labels';
import type { Step } from '../work/step';

export interface ObjectionContext {
  notice: NoticeViewDto;
  objection: ObjectionViewDto;
}

/** 答复异议: the written resolution, shown publicly beside the objection. */
export function resolveStep(objections: ObjectionsService, base: string): Step<ResolveObjectionDto, ObjectionContext> {
  return {
    title: '答复异议',
    Dto: ResolveObjectionDto,
    defaults: () => ({ resolvedOn: businessToday() }),
    // The service's rule (isAnswered): an objection is answered once, and its answer is public.
    closed: ({ notice, objection: o }) =>
      isAnswered(o)
        ? closedNotice(
            {
              kind: '异议',
              name: o.summary,
              state: OBJECTION_STATUS_NAMES[o.status],
              back: `${base}/${notice.id}`,
              backTo: '返回公示',
            },
            '答复',
            `该异议已于 ${o.resolvedOn ?? ''} 答复（处理意见：${o.resolution ?? ''}），每件异议只答复一次。`,
          )
        : undefined,
    intro: ({ notice, objection }) => html`<div class="card">
      <p>公示：<strong>${notice.title}</strong></p>
      <p>异议（${objection.receivedOn} 收到）：${objection.summary}</p></div>`,
    fields: (f) => html`
      ${field({ name: 'resolution', label: '处理意见', type: 'textarea', required: true, hint: '将在公示页上公开' }, f)}
      ${field({ name: 'resolvedOn', label: '答复日期', type: 'date', required: true }, f)}`,
    confirm: (dto, _v, { objection }) => [
      ['异议', objection.summary],
      ['处理意见', dto.resolution],
      ['答复日期', dto.resolvedOn],
    ],
    warning: '处理意见将公开显示在公示页上，确认后写入台账。',
    run: async (dto, { notice, objection }, ctx) => {
      const done = await objections.resolve(ctx.actor, notice.id, objection.id, dto);
      return {
        message: '异议已答复。',
        rows: [['处理意见', dto.resolution]],
        entry: { book: done.book, seq: done.seq },
        next: html`<p><a href="${base}/${notice.id}">返回公示</a></p>`,
      };
    },
    errorField: (e) => (e.code === 'INVALID_STATE' ? 'resolution' : undefined),
    dateField: 'resolvedOn',
  };
}
