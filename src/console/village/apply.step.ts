import { businessToday } from '../../common/business-date';
import type { ApplyProjectService } from '../../projects/apply-project.service';
import { CreateProjectDto } from '../../projects/dto/project.dto';
import { html } from '../../public/html';
import type { ConsoleContext } from '../console-context';
import { field, yuanWithCapitals } from '../views/form.view';
import type { JournalRefs } from '../work/entries';
import type { Step } from '../work/step';

const CATEGORIES: Array<[string, string]> = ['产业发展', '基础设施', '就业帮扶', '乡村建设', '公益岗位', '其他'].map(
  (c) => [c, c],
);
/** Indicator rows offered on the form (the DTO takes up to 10; a village states a few). */
const INDICATOR_ROWS = 3;

/** 项目申报: the API's CreateProjectDto, field by field. */
export function applyStep(applying: ApplyProjectService, refs: JournalRefs): Step<CreateProjectDto, null> {
  return {
    title: '项目申报',
    Dto: CreateProjectDto,
    money: ['budget', 'selfFunded'],
    ints: ['beneficiaries.households', 'beneficiaries.persons'],
    rows: ['performanceIndicators'],
    defaults: (_x, ctx: ConsoleContext) => ({ regionCode: ctx.actor.regionCode, appliedOn: businessToday() }),
    fields: (f) => html`
      ${field({ name: 'name', label: '项目名称', required: true }, f)}
      ${field({ name: 'regionCode', label: '实施地点（区划代码）', required: true, hint: '12 位，本村或本乡镇' }, f)}
      ${field({ name: 'category', label: '项目类别', type: 'select', options: CATEGORIES, required: true }, f)}
      ${field({ name: 'content', label: '建设内容', type: 'textarea', required: true }, f)}
      ${field({ name: 'budget', label: '项目预算', type: 'money', required: true }, f)}
      ${field({ name: 'selfFunded', label: '其中自筹', type: 'money', hint: '不得超过预算；不填为 0' }, f)}
      ${field({ name: 'performanceGoal', label: '绩效目标', type: 'textarea', required: true }, f)}
      <fieldset class="rows">
        <legend>绩效指标（可选，验收时逐项对照）</legend>
        ${Array.from(
          { length: INDICATOR_ROWS },
          (_, i) => html`<div class="row3">
            ${field({ name: `performanceIndicators.${i}.name`, label: `指标 ${i + 1} 名称` }, f)}
            ${field({ name: `performanceIndicators.${i}.unit`, label: '单位' }, f)}
            ${field({ name: `performanceIndicators.${i}.target`, label: '目标值', type: 'number' }, f)}
          </div>`,
        )}
      </fieldset>
      ${field({ name: 'povertyLinkage', label: '带贫减贫机制', type: 'textarea', required: true }, f)}
      <div class="row2">
        ${field({ name: 'beneficiaries.households', label: '带贫户数', type: 'number', required: true }, f)}
        ${field({ name: 'beneficiaries.persons', label: '带贫人数', type: 'number', required: true }, f)}
      </div>
      ${field({ name: 'implementingUnit', label: '实施单位', required: true }, f)}
      ${field({ name: 'responsiblePerson', label: '项目负责人', required: true }, f)}
      <div class="row2">
        ${field({ name: 'plannedStart', label: '计划开工', type: 'date' }, f)}
        ${field({ name: 'plannedEnd', label: '计划完工', type: 'date' }, f)}
      </div>
      ${field({ name: 'appliedOn', label: '申报日期', type: 'date', required: true }, f)}`,
    check: (dto) => [
      ...(dto.plannedStart && dto.plannedEnd && dto.plannedEnd < dto.plannedStart
        ? ([['plannedEnd', '计划完工日期早于计划开工日期']] as Array<[string, string]>)
        : []),
      ...(dto.selfFunded && Number(dto.selfFunded) > Number(dto.budget)
        ? ([['selfFunded', '自筹资金超过项目预算']] as Array<[string, string]>)
        : []),
    ],
    confirm: (dto) => [
      ['项目名称', dto.name],
      ['实施地点', dto.regionCode],
      ['类别', dto.category],
      ['建设内容', dto.content],
      ['项目预算', yuanWithCapitals(dto.budget)],
      ['其中自筹', yuanWithCapitals(dto.selfFunded ?? '0')],
      ['绩效目标', dto.performanceGoal],
      ...(dto.performanceIndicators ?? []).map((i, n): [string, string] => [
        `绩效指标 ${n + 1}`,
        `${i.name}：${i.target} ${i.unit}`,
      ]),
      ['带贫减贫机制', dto.povertyLinkage],
      ['带贫户数/人数', `${dto.beneficiaries.households} 户 / ${dto.beneficiaries.persons} 人`],
      ['实施单位 / 负责人', `${dto.implementingUnit} / ${dto.responsiblePerson}`],
      ['计划工期', `${dto.plannedStart ?? '—'} 至 ${dto.plannedEnd ?? '—'}`],
      ['申报日期', dto.appliedOn],
    ],
    run: async (dto, _x, ctx) => {
      const p = await applying.apply(ctx.actor, dto);
      return {
        message: '项目已申报。下一步：发布申报公示（公示期满且无异议后，乡镇方可审核通过）。',
        rows: [
          ['项目名称', p.name],
          ['项目预算', yuanWithCapitals(p.amounts.budget)],
        ],
        entry: (await refs.latest(`project:${p.id}`, 'project.applied')) ?? { book: p.book, seq: p.entrySeq },
        next: html`<p><a class="button" href="/console/village/projects/${p.id}/notice">发布申报公示</a>
          <a href="/console/village/projects/${p.id}">查看项目</a></p>`,
      };
    },
    errorField: (e) => (e.code === 'OUT_OF_SCOPE' ? 'regionCode' : e.code === 'DATE_ORDER' ? 'plannedEnd' : undefined),
    dateField: 'appliedOn',
  };
}
