import { businessToday } from '../../common/business-date';
import type { DomainError } from '../../common/errors/domain-error';
import { fenToYuan, yuanToFen } from '../../common/money';
import type { FundDto } from '../../funds/dto/fund.dto';
import type { ApproveProjectService } from '../../projects/approve-project.service';
import { ApproveProjectDto } from '../../projects/dto/project.dto';
import { STEP_FROM } from '../../projects/project-rules';
import type { ProjectDto } from '../../projects/dto/project-view.dto';
import { html } from '../../public/html';
import { field, yuan, yuanWithCapitals } from '../views/form.view';
import { closedUnless } from '../work/closed';
import type { JournalRefs } from '../work/entries';
import { projectFacts } from '../work/project.view';
import { rowFields } from '../work/shape';
import type { Step } from '../work/step';

/** Funding lines offered on the form; the DTO takes up to 50, a project rarely needs more than a few. */
export const FUNDING_ROWS = 5;

export interface ApproveContext {
  project: ProjectDto;
  /** The county book's funds with money available, as the form's choices. */
  funds: FundDto[];
}

const fundLabel = (f: FundDto) => `${f.docNo} ${f.title}（可用 ${yuan(f.available)}）`;

/** 审批（批复）: the approval document and the funding lines, each from a county fund with its available sum. */
export function approveStep(
  approving: ApproveProjectService,
  refs: JournalRefs,
): Step<ApproveProjectDto, ApproveContext> {
  return {
    title: '项目审批（批复）',
    Dto: ApproveProjectDto,
    money: rowFields('funding', 'amount', FUNDING_ROWS),
    rows: ['funding'],
    defaults: () => ({ approvedOn: businessToday() }),
    closed: ({ project }) => closable(project),
    intro: ({
      project: p,
      funds,
    }) => html`<details class="card"><summary>项目：${p.name}（预算 ${yuan(p.amounts.budget)}，
        自筹 ${yuan(p.amounts.selfFunded)}，财政资金最多 ${yuan(fiscal(p))}）</summary>${projectFacts(p)}</details>
      <h2>本县可用资金</h2>
      <div class="scroll"><table>
        <thead><tr><th>资金文号</th><th>名称</th><th>金额</th><th>已安排</th><th>可用</th></tr></thead>
        <tbody>${funds.map(
          (f) => html`<tr><td>${f.docNo}</td><td>${f.title}</td><td class="num">${yuan(f.amount)}</td>
            <td class="num">${yuan(f.committed)}</td><td class="num"><strong>${yuan(f.available)}</strong></td></tr>`,
        )}</tbody>
      </table></div>
      ${funds.length ? '' : html`<p class="box warn">本县账套暂无可用资金，请先由财政局录入资金。</p>`}`,
    fields: (f, { funds }) => html`
      ${field({ name: 'approvalDocNo', label: '批复文号', required: true, hint: '如 郾乡振〔2026〕12号' }, f)}
      ${field({ name: 'approvedOn', label: '批复日期', type: 'date', required: true }, f)}
      <fieldset class="rows">
        <legend>资金安排（按拨付顺序，每笔资金一行）</legend>
        ${Array.from(
          { length: FUNDING_ROWS },
          (_, i) => html`<div class="row2">
            ${field(
              {
                name: `funding.${i}.fundId`,
                label: `资金 ${i + 1}`,
                type: 'select',
                options: funds.map((x): [string, string] => [x.id, fundLabel(x)]),
              },
              f,
            )}
            ${field({ name: `funding.${i}.amount`, label: '安排金额', type: 'money' }, f)}
          </div>`,
        )}
        ${f.errors.funding ? html`<p class="error">${f.errors.funding.join('；')}</p>` : ''}
      </fieldset>`,
    check: (dto, { project, funds }) => {
      const out: Array<[string, string]> = [];
      const seen = new Set<string>();
      dto.funding.forEach((l, i) => {
        const fund = funds.find((x) => x.id === l.fundId);
        if (seen.has(l.fundId)) out.push([`funding.${i}.fundId`, '同一资金只能列一次']);
        seen.add(l.fundId);
        if (fund && yuanToFen(l.amount) > yuanToFen(fund.available))
          out.push([`funding.${i}.amount`, `超过该资金可用余额 ${yuan(fund.available)}`]);
      });
      const total = dto.funding.reduce((a, l) => a + yuanToFen(l.amount), 0n);
      if (total > yuanToFen(fiscal(project)))
        out.push(['funding.0.amount', `合计超出项目财政资金预算 ${yuan(fiscal(project))}`]);
      return out;
    },
    confirm: (dto, _v, { project, funds }) => [
      ['项目', project.name],
      ['批复文号', dto.approvalDocNo],
      ['批复日期', dto.approvedOn],
      ...dto.funding.map((l, i): [string, ReturnType<typeof html>] => {
        const fund = funds.find((x) => x.id === l.fundId);
        return [
          `资金 ${i + 1}`,
          html`${fund ? `${fund.docNo} ${fund.title}` : l.fundId}：${yuanWithCapitals(l.amount)}`,
        ];
      }),
      ['安排合计', yuanWithCapitals(sum(dto.funding.map((l) => l.amount)))],
    ],
    warning: '确认后资金即从本县资金池安排给该项目（写入台账）。',
    run: async (dto, { project }, ctx) => {
      const p = await approving.approve(ctx.actor, project.id, dto);
      return {
        message: '项目已批复，资金已安排。下一步：发布批复公示，公示期满后开工实施。',
        rows: [
          ['批复文号', p.approvalDocNo ?? ''],
          ['安排资金', yuanWithCapitals(p.amounts.committed)],
          ['预付款上限', p.amounts.advanceLimit ? yuan(p.amounts.advanceLimit) : '—'],
        ],
        entry: await refs.latest(`project:${p.id}`, 'project.approved'),
        next: html`<p><a class="button" href="/console/program/projects/${p.id}/notice">发布批复公示</a>
          <a href="/console/program/projects/${p.id}">返回项目</a></p>`,
      };
    },
    errorField: (e: DomainError, dto) => {
      const d = (e.details ?? {}) as { fundId?: string; fund?: string };
      const i = dto?.funding.findIndex((l) => l.fundId === (d.fundId ?? d.fund)) ?? -1;
      if (i >= 0) return e.code === 'INSUFFICIENT_FUNDS' ? `funding.${i}.amount` : `funding.${i}.fundId`;
      if (e.code === 'OVER_COMMITMENT') return 'funding.0.amount';
      return e.code.includes('DATE') ? 'approvedOn' : undefined;
    },
    dateField: 'approvedOn',
  };
}

const closable = closedUnless(STEP_FROM.approve, '审批', (p: ProjectDto) => `/console/program/projects/${p.id}`);
const fiscal = (p: ProjectDto) => fenToYuan(yuanToFen(p.amounts.budget) - yuanToFen(p.amounts.selfFunded));
const sum = (a: string[]) => fenToYuan(a.reduce((s, x) => s + yuanToFen(x), 0n));
