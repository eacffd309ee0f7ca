import { businessToday } from '../../common/business-date';
import { ReviewProjectDto } from '../../projects/dto/project.dto';
import type { ProjectDto } from '../../projects/dto/project-view.dto';
import type { ApplyProjectService } from '../../projects/apply-project.service';
import { STEP_FROM } from '../../projects/project-rules';
import { html } from '../../public/html';
import { field, yuanWithCapitals } from '../views/form.view';
import { closedUnless } from '../work/closed';
import type { JournalRefs } from '../work/entries';
import { projectFacts } from '../work/project.view';
import type { Step } from '../work/step';

const DECISIONS: Array<[string, string]> = [
  ['approve', '审核通过，报县项目主管部门审批'],
  ['reject', '不予通过，退回'],
];

/** 乡镇审核: approve (after the application notice's period, without open objections) or reject, with an opinion. */
export function reviewStep(applying: ApplyProjectService, refs: JournalRefs): Step<ReviewProjectDto, ProjectDto> {
  return {
    title: '乡镇审核',
    Dto: ReviewProjectDto,
    defaults: () => ({ reviewedOn: businessToday() }),
    closed: closedUnless(STEP_FROM.review, '审核', (p) => `/console/township/projects/${p.id}`),
    intro: (p) => html`<div class="card"><h2>${p.name}</h2>${projectFacts(p)}</div>`,
    fields: (f) => html`
      ${field({ name: 'decision', label: '审核结论', type: 'select', options: DECISIONS, required: true }, f)}
      ${field({ name: 'opinion', label: '审核意见', type: 'textarea', required: true }, f)}
      ${field({ name: 'reviewedOn', label: '审核日期', type: 'date', required: true, hint: '审核通过须在申报公示期满之后' }, f)}`,
    confirm: (dto, _v, p) => [
      ['项目', p.name],
      ['项目预算', yuanWithCapitals(p.amounts.budget)],
      ['审核结论', dto.decision === 'approve' ? '审核通过' : '不予通过（退回）'],
      ['审核意见', dto.opinion],
      ['审核日期', dto.reviewedOn],
    ],
    run: async (dto, p, ctx) => {
      const done = await applying.review(ctx.actor, p.id, dto);
      return {
        message: dto.decision === 'approve' ? '审核通过，已报县项目主管部门审批。' : '已退回。',
        rows: [
          ['项目', done.name],
          ['审核意见', dto.opinion],
        ],
        entry: await refs.latest(`project:${p.id}`, 'project.reviewed'),
        next: html`<p><a href="/console/township/reviews">返回待审核项目</a></p>`,
      };
    },
    errorField: (e) => (e.code === 'INVALID_STATE' ? 'decision' : undefined),
    dateField: 'reviewedOn',
  };
}
