import type { FindingsDto, FindingsQuery } from '../../audit/findings/dto/findings.dto';
import { SEVERITIES } from '../../audit/findings/finding';
import { RULE_CODES, RULES } from '../../audit/findings/rule-codes';
import { html } from '../../public/html';
import type { ConsoleContext } from '../console-context';
import { consolePage } from '../layout';
import { entryHref, money } from '../finance/finance-labels';

const SEVERITY_NAMES: Record<string, string> = { critical: '严重', high: '高', medium: '中', low: '低' };
const PAGE = 100;

export function findingsPage(ctx: ConsoleContext, f: FindingsDto, q: FindingsQuery, page = 1): string {
  const params = new URLSearchParams(
    Object.entries(q).flatMap(([k, v]) => (typeof v === 'string' && v ? [[k, v] as [string, string]] : [])),
  ).toString();
  const pages = Math.max(1, Math.ceil(f.items.length / PAGE));
  const at = Math.min(page, pages);
  const shown = f.items.slice((at - 1) * PAGE, at * PAGE);
  const pageHref = (n: number) => `/console/audit/findings?${params ? `${params}&` : ''}page=${n}`;
  const rows = shown.map(
    (i) => html`<tr>
      <td><span class="sev sev-${i.severity}">${SEVERITY_NAMES[i.severity] ?? i.severity}</span></td>
      <td>${RULES[i.rule] ?? i.rule}</td>
      <td>${i.subject.name}</td>
      <td class="num">${i.amount ? money(i.amount) : ''}</td>
      <td>${i.since ?? ''}</td>
      <td>${i.detail}</td>
      <td>${i.evidence.slice(0, 3).map((e) => html`<a href="${entryHref(e.book, e.seq)}">${e.book}/${e.seq}</a> `)}
        ${i.evidence.length > 3 ? html`<span class="muted">等 ${String(i.evidence.length)} 条</span>` : ''}</td>
    </tr>`,
  );
  const option = (value: string, label: string, current?: string) =>
    html`<option value="${value}" ${value === current ? html`selected` : ''}>${label}</option>`;
  return consolePage(
    ctx,
    '疑点清单',
    html`<h1>疑点清单</h1>
      <form class="filters" method="get" action="/console/audit/findings">
        <label for="q-rule">规则</label>
        <select id="q-rule" name="rule">
          <option value="">全部规则</option>
          ${RULE_CODES.map((r) => option(r, RULES[r], q.rule))}
        </select>
        <label for="q-severity">严重程度</label>
        <select id="q-severity" name="severity">
          <option value="">全部</option>
          ${SEVERITIES.map((s) => option(s, SEVERITY_NAMES[s], q.severity))}
        </select>
        <label for="q-asof">截至</label>
        <input type="date" id="q-asof" name="asOf" value="${q.asOf ?? ''}" />
        <button type="submit">筛选</button>
        <a href="/console/audit/findings.xlsx${params ? `?${params}` : ''}" download>下载 Excel</a>
      </form>
      <p class="muted">${ctx.regionName}（${f.regionCode}）截至 ${f.asOf}：共 ${String(f.items.length)} 条疑点
        ${pages > 1 ? `，第 ${at} / ${pages} 页` : ''}。</p>
      <div class="scroll"><table class="wide">
        <thead><tr><th>程度</th><th>规则</th><th>对象</th><th>金额（元）</th><th>起始</th><th>说明</th><th>台账依据</th></tr></thead>
        <tbody>${rows.length ? rows : html`<tr><td colspan="7" class="muted">没有符合条件的疑点</td></tr>`}</tbody>
      </table></div>
      <p class="pager">
        ${at > 1 ? html`<a href="${pageHref(at - 1)}">« 上一页</a>` : ''}
        ${at < pages ? html`<a href="${pageHref(at + 1)}">下一页 »</a>` : html`<span class="muted">已到最后一页</span>`}
      </p>`,
  );
}
