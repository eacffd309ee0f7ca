import type { AssetDto } from '../../assets/dto/asset-view.dto';
import type { FundDto } from '../../funds/dto/fund.dto';
import type { HouseholdDto } from '../../households/dto/household.dto';
import { html } from '../../public/html';
import type { ConsoleContext } from '../console-context';
import { consolePage } from '../layout';
import { money, sourceName } from '../finance/finance-labels';

/** Where a trace starts: a fund (forward), an asset or a household (back). */
export function traceIndexPage(
  ctx: ConsoleContext,
  funds: FundDto[],
  assets: AssetDto[],
  households: HouseholdDto[],
): string {
  const fundRows = funds.map(
    (f) => html`<tr>
      <td><a href="/console/audit/trace/funds/${f.id}">${f.docNo}</a></td>
      <td>${f.title}</td><td>${sourceName(f.sourceLevel)}</td><td class="mono">${f.regionCode}</td>
      <td class="num">${money(f.amount)}</td><td class="num">${money(f.disbursed)}</td>
    </tr>`,
  );
  const assetRows = assets.map(
    (a) => html`<tr>
      <td><a href="/console/audit/trace/assets/${a.id}">${a.assetNo}</a></td>
      <td>${a.name}</td><td>${a.projectName}</td><td class="num">${money(a.value)}</td>
    </tr>`,
  );
  const householdRows = households.map(
    (h) => html`<tr>
      <td><a href="/console/audit/trace/households/${h.id}">${h.headName}</a></td>
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
      <p class="muted">列表显示前 50 项；其余可从资金追踪表中的链接进入。</p>`,
  );
}
