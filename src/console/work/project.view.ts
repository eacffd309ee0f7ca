import type { Page } from '../../common/pagination';
import { NOTICE_TYPE_NAMES, type NoticeType } from '../../notices/notice-content';
import type { ProjectDto } from '../../projects/dto/project-view.dto';
import { Html, html } from '../../public/html';
import type { ConsoleContext } from '../console-context';
import { consolePage } from '../layout';
import { pager, yuan } from '../views/form.view';
import { CLASS_NAMES, ENTRY_NAMES, STATUS_NAMES } from './labels';

/** A link to a step of the project, shown when the project's status allows it. */
export interface ProjectAction {
  href: string;
  label: string;
}

export function projectsTable(items: ProjectDto[], base: string): Html {
  if (!items.length) return html`<p class="muted">暂无项目。</p>`;
  return html`<div class="scroll">
    <table>
      <thead><tr><th>项目名称</th><th>区划</th><th>状态</th><th>申报日期</th><th>预算</th><th>已安排资金</th></tr></thead>
      <tbody>
        ${items.map(
          (p) => html`<tr>
            <td><a href="${base}/${p.id}">${p.name}</a></td>
            <td class="mono">${p.regionCode}</td>
            <td>${STATUS_NAMES[p.status]}</td>
            <td>${p.appliedOn}</td>
            <td class="num">${yuan(p.amounts.budget)}</td>
            <td class="num">${yuan(p.amounts.committed)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function projectListPage(
  ctx: ConsoleContext,
  title: string,
  page: Page<ProjectDto>,
  base: string,
  query: Record<string, string | undefined>,
  top: Html | string = '',
): string {
  return consolePage(
    ctx,
    title,
    html`<h1>${title}</h1>
      ${top}
      <div class="card">${projectsTable(page.items, base)} ${pager(base, query, page.nextCursor)}</div>`,
  );
}

const dash = (v: string | null | undefined) => v || '—';

export function projectFacts(p: ProjectDto): Html {
  const a = p.amounts;
  return html`<dl class="facts">
    <dt>状态</dt><dd><strong>${STATUS_NAMES[p.status]}</strong></dd>
    <dt>区划</dt><dd class="mono">${p.regionCode}</dd>
    <dt>类别</dt><dd>${p.category}</dd>
    <dt>建设内容</dt><dd>${p.content}</dd>
    <dt>绩效目标</dt><dd>${p.performanceGoal}</dd>
    ${
      p.performanceIndicators.length
        ? html`<dt>绩效指标</dt><dd>${p.performanceIndicators.map(
            (i) => html`<div>${i.name}：${i.target} ${i.unit}</div>`,
          )}</dd>`
        : ''
    }
    <dt>带贫减贫机制</dt><dd>${p.povertyLinkage}</dd>
    <dt>带贫户数/人数</dt><dd>${p.beneficiaries.households} 户 / ${p.beneficiaries.persons} 人</dd>
    <dt>实施单位</dt><dd>${p.implementingUnit}（负责人 ${p.responsiblePerson}）</dd>
    <dt>计划工期</dt><dd>${dash(p.plannedStart)} 至 ${dash(p.plannedEnd)}</dd>
    <dt>预算 / 自筹</dt><dd>${yuan(a.budget)} / ${yuan(a.selfFunded)}</dd>
    <dt>已安排 / 已拨付 / 结余</dt><dd>${yuan(a.committed)} / ${yuan(a.disbursed)} / ${yuan(a.remaining)}</dd>
    <dt>申报 / 审核 / 批复</dt><dd>${p.appliedOn} / ${dash(p.reviewedOn)} / ${dash(p.approvedOn)}</dd>
    ${p.reviewOpinion ? html`<dt>乡镇审核意见</dt><dd>${p.reviewOpinion}</dd>` : ''}
    ${p.approvalDocNo ? html`<dt>批复文号</dt><dd>${p.approvalDocNo}</dd>` : ''}
    ${
      p.startedOn
        ? html`<dt>开工 / 完工 / 验收</dt><dd>${p.startedOn} / ${dash(p.completedOn)} / ${dash(p.acceptedOn)}</dd>`
        : ''
    }
    ${p.contractor ? html`<dt>施工单位</dt><dd>${p.contractor}</dd>` : ''}
    ${p.acceptanceOpinion ? html`<dt>验收意见</dt><dd>${p.acceptanceOpinion}</dd>` : ''}
    ${p.cancelledOn ? html`<dt>终止</dt><dd>${p.cancelledOn}：${p.cancelReason ?? ''}</dd>` : ''}
  </dl>`;
}

function fundingTable(p: ProjectDto): Html {
  if (!p.amounts.byFund.length) return html``;
  return html`<h2>资金来源</h2>
    <div class="scroll"><table>
      <thead><tr><th>资金文号</th><th>安排</th><th>已拨付</th><th>结余</th></tr></thead>
      <tbody>${p.amounts.byFund.map(
        (f) => html`<tr><td>${f.docNo}</td><td class="num">${yuan(f.committed)}</td>
          <td class="num">${yuan(f.disbursed)}</td><td class="num">${yuan(f.remaining)}</td></tr>`,
      )}</tbody>
    </table></div>`;
}

function noticesTable(p: ProjectDto, noticeBase?: string): Html {
  const notices = p.notices ?? [];
  if (!notices.length) return html`<h2>公示</h2><p class="muted">尚未发布公示。</p>`;
  return html`<h2>公示</h2>
    <div class="scroll"><table>
      <thead><tr><th>类型</th><th>标题</th><th>公示期</th><th>台账</th><th>打印</th></tr></thead>
      <tbody>${notices.map(
        (n) => html`<tr>
          <td>${NOTICE_TYPE_NAMES[n.type as NoticeType] ?? n.type}${n.correctedByNoticeId ? '（已更正）' : ''}</td>
          <td>${noticeBase ? html`<a href="${noticeBase}/${n.id}">${n.title}</a>` : n.title}</td>
          <td>${n.periodStart} 至 ${dash(n.periodEnd)}</td>
          <td class="mono">第 ${n.seq} 条</td>
          <td><a href="${n.pdfUrl}" target="_blank" rel="noopener">打印（PDF）</a></td>
        </tr>`,
      )}</tbody>
    </table></div>`;
}

function timelineTable(p: ProjectDto): Html {
  return html`<h2>台账记录</h2>
    <div class="scroll"><table>
      <thead><tr><th>日期</th><th>事项</th><th>账簿/序号</th></tr></thead>
      <tbody>${(p.timeline ?? []).map(
        (e) => html`<tr><td>${e.occurredOn}</td><td>${ENTRY_NAMES[e.type] ?? e.type}</td>
          <td class="mono">${e.book} / ${e.seq}</td></tr>`,
      )}</tbody>
    </table></div>`;
}

function assetsTable(p: ProjectDto, assetBase?: string): Html {
  const assets = p.assets ?? [];
  if (!assets.length) return html``;
  return html`<h2>形成资产</h2>
    <div class="scroll"><table>
      <thead><tr><th>资产编号</th><th>名称</th><th>类别</th><th>价值</th></tr></thead>
      <tbody>${assets.map(
        (a) => html`<tr><td class="mono">${a.assetNo}</td>
          <td>${assetBase ? html`<a href="${assetBase}/${a.id}">${a.name}</a>` : a.name}</td>
          <td>${CLASS_NAMES[a.assetClass] ?? a.assetClass}</td><td class="num">${yuan(a.value)}</td></tr>`,
      )}</tbody>
    </table></div>`;
}

/** One project: facts, what can be done now, funding, notices, assets and its journal entries. */
export function projectPage(
  ctx: ConsoleContext,
  p: ProjectDto,
  actions: ProjectAction[],
  links: { notices?: string; assets?: string; back: string },
): string {
  return consolePage(
    ctx,
    p.name,
    html`<h1>${p.name}</h1>
      ${
        actions.length
          ? html`<p class="actions">${actions.map((a) => html`<a class="button" href="${a.href}">${a.label}</a> `)}</p>`
          : ''
      }
      <div class="card">${projectFacts(p)}</div>
      ${fundingTable(p)} ${noticesTable(p, links.notices)} ${assetsTable(p, links.assets)} ${timelineTable(p)}
      <p><a href="${links.back}">返回项目列表</a></p>`,
  );
}
