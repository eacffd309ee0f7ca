import type { FundNodeDto, FundTraceDto, ProjectTraceDto } from '../../audit/trace/dto/fund-trace.dto';
import { Html, html } from '../../public/html';
import type { ConsoleContext } from '../console-context';
import { consolePage } from '../layout';
import { entryHref, kindName, money, payeeTypeName, sourceName, statusName } from '../finance/finance-labels';
import { fundAnchor, projectAnchor, traceChart } from './trace-chart';

export const CHART_SCRIPTS = ['/console/assets/echarts.min.js', '/console/assets/trace-chart.js'];

const LEVELS: Record<string, string> = {
  province: '省',
  city: '市',
  county: '县',
  township: '乡镇',
  village: '村',
};

function flatten(n: FundNodeDto, out: FundNodeDto[] = []): FundNodeDto[] {
  out.push(n);
  n.children.forEach((c) => flatten(c, out));
  return out;
}

function fundRow(n: FundNodeDto): Html {
  const t = n.totals;
  // The level's indent is a class, not spaces, so that a long 文号 wrapped onto a second line keeps it.
  return html`<tr id="${fundAnchor(n.fundId)}">
    <td class="depth-${String(Math.min(n.depth, 4))}">${LEVELS[n.regionLevel] ?? n.regionLevel} · ${n.docNo}</td>
    <td class="num">${money(t.received)}</td>
    <td class="num">${money(t.passedDown)}</td>
    <td class="num">${money(t.available)}</td>
    <td class="num">${money(t.committedUnpaid)}</td>
    <td class="num">${money(t.paid)}</td>
    <td>${t.balanced ? '平' : html`<strong class="bad-text">不平</strong>`}</td>
  </tr>`;
}

/**
 * A masked account shows its last four digits only; its row of stars (up to 30) would widen the column for
 * nothing. The masked value as the service gives it stays in the title.
 */
const accountTail = (masked: string) =>
  html`<span class="mono muted nowrap" title="${masked}">****${masked.slice(-4)}</span>`;

function projectBlock(n: FundNodeDto, p: ProjectTraceDto): Html {
  const payments = p.payments.map(
    (pay) => html`<tr>
      <td>${pay.occurredOn}</td>
      <td class="nowrap">${kindName(pay.kind)}</td>
      <td>${pay.payeeName ?? ''} <span class="muted">${payeeTypeName(pay.payeeType)}</span>
        ${pay.accountMasked ? accountTail(pay.accountMasked) : ''}</td>
      <td>${pay.voucherNo ?? ''}</td>
      <td class="num">${money(pay.amount)}</td>
      <td class="nowrap"><a href="${entryHref(pay.book, pay.seq)}">${pay.book}/${pay.seq}</a></td>
    </tr>`,
  );
  const assets = p.assets.map(
    (a) => html`<tr>
      <td>${a.registeredOn}</td>
      <td>资产</td>
      <td><a href="/console/audit/trace/assets/${a.assetId}">${a.assetNo} ${a.name}</a></td>
      <td>占比 ${a.share}</td>
      <td class="num">${money(a.attributed)}</td>
      <td class="muted">收益 ${money(a.income)} / 已分配 ${money(a.distributed)}</td>
    </tr>`,
  );
  return html`<section class="card" id="${projectAnchor(n.fundId, p.projectId)}">
    <h3>${p.name} <span class="muted">${statusName(p.status)} · ${p.approvalDocNo ?? ''} · 资金 ${n.docNo}</span></h3>
    <p>安排 ${money(p.committed)} 元 · 已付 ${money(p.paid)} 元 · 未付 ${money(p.unpaid)} 元
      ${p.reversed !== '0.00' ? html` · 冲正 ${money(p.reversed)} 元` : ''}</p>
    ${
      payments.length || assets.length
        ? html`<div class="scroll"><table class="wide">
          <thead><tr><th>日期</th><th>类型</th><th>收款人 / 资产</th><th>凭证号</th><th>金额（元）</th><th>台账记录</th></tr></thead>
          <tbody>${payments}${assets}</tbody>
        </table></div>`
        : html`<p class="muted">尚无付款和资产。</p>`
    }
  </section>`;
}

export function fundTracePage(ctx: ConsoleContext, trace: FundTraceDto, q: { asOf?: string }): string {
  const root = trace.root;
  const nodes = flatten(root);
  const chart = JSON.stringify(traceChart(trace));
  const base = `/console/audit/trace/funds/${root.fundId}`;
  return consolePage(
    ctx,
    `资金追踪：${root.docNo}`,
    html`<h1>资金追踪：${root.docNo}</h1>
      <p class="muted">${root.title} · ${sourceName(root.sourceLevel)} · ${root.issuedOn} ·
        ${trace.asOf ? `截至 ${trace.asOf}` : '截至目前全部记录'}</p>
      <form class="filters" method="get" action="${base}">
        <label for="q-asof">截至日期</label>
        <input type="date" id="q-asof" name="asOf" value="${q.asOf ?? ''}" />
        <button type="submit">查看</button>
        <a href="${base}.xlsx${q.asOf ? `?asOf=${q.asOf}` : ''}" download>下载 Excel</a>
      </form>
      <p class="box ${trace.balanced ? 'ok' : 'bad'}">
        ${trace.balanced ? '账目平衡' : '账目不平衡'}：收到 = 下达 + 结余 + 安排未付 + 已付（每一级都核对）。
      </p>
      <div class="trace">
        <figure class="chart-box">
          <div id="trace-chart" class="chart" data-chart="${chart}" role="img"
            aria-label="资金流向图：从资金文件到各级、项目、收款人和资产，线宽按金额">
            <noscript><p class="muted">流向图需要 JavaScript；下表列出全部金额。</p></noscript>
          </div>
          <figcaption class="muted">线宽按金额；点击项目、付款或资产查看明细和台账记录。</figcaption>
        </figure>
        <div class="scroll totals">
          <table>
            <thead>
              <tr><th>级次 · 文号</th><th>收到</th><th>下达</th><th>结余</th><th>安排未付</th><th>已付</th><th>核对</th></tr>
            </thead>
            <tbody>${nodes.map(fundRow)}</tbody>
          </table>
        </div>
      </div>
      <h2>项目、付款和资产</h2>
      ${nodes.flatMap((n) => n.projects.map((p) => projectBlock(n, p)))}
      ${nodes.some((n) => n.projects.length) ? '' : html`<p class="muted">此资金尚未安排项目。</p>`}`,
    CHART_SCRIPTS,
  );
}
