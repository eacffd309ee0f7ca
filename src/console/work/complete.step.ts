import { businessToday } from '../../common/business-date';
import { CompleteProjectDto } from '../../projects/dto/project.dto';
import type { ProjectDto } from '../../projects/dto/project-view.dto';
import type { ProjectLifecycleService } from '../../projects/project-lifecycle.service';
import { STEP_FROM } from '../../projects/project-rules';
import { html } from '../../public/html';
import { field } from '../views/form.view';
import { closedUnless } from './closed';
import type { JournalRefs } from './entries';
import type { Step } from './step';

/** 完工 (the township's preliminary completion, or the program office's): the works are finished. */
export function completeStep(
  lifecycle: ProjectLifecycleService,
  refs: JournalRefs,
  base: string,
  title = '完工（初验）',
): Step<CompleteProjectDto, ProjectDto> {
  return {
    title,
    Dto: CompleteProjectDto,
    defaults: () => ({ completedOn: businessToday() }),
    closed: closedUnless(STEP_FROM.complete, '登记完工', (p) => `${base}/${p.id}`),
    intro: (p) =>
      html`<p>项目：<strong>${p.name}</strong>（开工 ${p.startedOn ?? '—'}）。确认工程已完工，等待县级验收。</p>`,
    fields: (f) => field({ name: 'completedOn', label: '完工日期', type: 'date', required: true }, f),
    confirm: (dto, _v, p) => [
      ['项目', p.name],
      ['完工日期', dto.completedOn],
    ],
    run: async (dto, p, ctx) => {
      const done = await lifecycle.complete(ctx.actor, p.id, dto);
      return {
        message: '已登记完工。下一步：县项目主管部门验收。',
        rows: [
          ['项目', done.name],
          ['完工日期', dto.completedOn],
        ],
        entry: await refs.latest(`project:${p.id}`, 'project.completed'),
        next: html`<p><a href="${base}/${p.id}">返回项目</a></p>`,
      };
    },
    dateField: 'completedOn',
  };
}
