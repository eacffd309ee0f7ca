import type { AssetDto } from '../../assets/dto/asset-view.dto';
import type { FundDto } from '../../funds/dto/fund.dto';
import type { HouseholdDto } from '../../households/dto/household.dto';
import { type Html, html } from '../../public/html';
import type { ConsoleContext } from '../console-context';
import { consolePage } from '../layout';
import { money, sourceName } from '../finance/finance-labels';

const BASE = '/console/audit/trace';

/** One numbered page of the funds: the items, how many there are in all, which page of what size. */
export interface FundsPage {
  items: FundDto[];
  total: number;
  page: number;
  size: number;
  /** The size when none is asked for: left out of the links. */
  defaultSize: number;
}

/** 共 N 项 and 上一页/下一页 by number; the size rides along only when it is not the default. */
function fundsPager(f: FundsPage): Html {
  const last = Math.max(1, Math.ceil(f.total / f.size));
  const href = (page: number) => {
    const q = new URLSearchParams();
    if (page > 1) q.set('page', String(page));
    if (f.size !== f.defaultSize) q.set('size', String(f.size));
    const s = q.toString();
    return s ? `${BASE}?${s}` : BASE;
  };
  const from = (f.page - 1) * f.size + 1;
  const to = from + f.items.length - 1;
  const range = !f.items.length ? '' : to > from ? `（第 ${from}–${to} 项）` : `（第 ${from} 项）`;
  return html`<p class="pager">
    共 ${String(f.total)} 项，第 ${String(f.page)} / ${String(last)} 页${range}
    ${f.page > 1 ? html`<a href="${href(Math.min(f.page - 1, last))}" rel="prev">« 上一页</a>` : ''}
    ${f.page < last ? html`<a href="${href(f.page + 1)}" rel="next">下一页 »</a>` : ''}
  </p>`;
}

/** Where a trace starts: a fund (forward), an asset or a household (back). */
export function traceIndexPage(
  ctx: ConsoleContext,
  funds: FundsPage,
  assets: AssetDto[],
  households: HouseholdDto[],
): string {
  const fundRows = funds.items.map(
    (f) => html`<tr>
      <td><a href="${BASE}/funds/${f.id}">${f.docNo}</a></td>
      <td>${f.title}</td><td>${sourceName(f.sourceLevel)}</td><td class="mono">${f.regionCode}</td>
      <td class="num">${money(f.amount)}</td><td class="num">${money(f.disbursed)}</td>
    </tr>`,
  );
  const assetRows = assets.map(
    (a) => html`<tr>
      <td><a href="${BASE}/assets/${a.id}">${a.assetNo}</a></td>
      <td>${a.name}</td><td>${a.projectName}</td><td class="num">${money(a.value)}</td>
    </tr>`,
  );
  const householdRows = households.map(
    (h) => html`<tr>
      <td><a href="${BASE}/households/${h.id}">${h.headName}</a></td>
      <td class="mono">${h.idNumberMasked}</td><td class="mono">${h.regionCode}</td>
      <td>${h.status === 'listed' ? '在册' : '已退出'}</td>
    </tr>`,
  );
  const empty = (n: number) => html`<tr><td colspan="${String(n)}" class="muted">无</td></tr>`;
  return consolePage(
    ctx,
    '资金追踪',
    html`<h1>资金追踪</h1>
      <h2>正向追踪：从资金文件往下</h2>
      <div class="scroll"><table class="wide">
        <thead><tr><th>文号</th><th>标题</th><th>来源</th><th>区划</th><th>金额（元）</th><th>已支付</th></tr></thead>
        <tbody>${fundRows.length ? fundRows : empty(6)}</tbody>
      </table></div>
      ${fundsPager(funds)}
      <h2>反向追溯：资产</h2>
      <div class="scroll"><table class="wide">
        <thead><tr><th>资产编号</th><th>名称</th><th>形成项目</th><th>价值（元）</th></tr></thead>
        <tbody>${assetRows.length ? assetRows : empty(4)}</tbody>
      </table></div>
      <h2>反向追溯：农户</h2>
      <div class="scroll"><table class="wide">
        <thead><tr><th>户主</th><th>身份证号</th><th>区划</th><th>状态</th></tr></thead>
        <tbody>${householdRows.length ? householdRows : empty(4)}</tbody>
      </table></div>
      <p class="muted">资产与农户列表显示前 50 项；其余可从资金追踪表中的链接进入。</p>`,
  );
}
