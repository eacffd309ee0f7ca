import type { AssetBackTraceDto, EntryBackTraceDto, HouseholdBackTraceDto } from '../../audit/trace/dto/back-trace.dto';
import type { FundShareDto } from '../../audit/trace/dto/trace-common.dto';
import { Html, html } from '../../public/html';
import type { ConsoleContext } from '../console-context';
import { consolePage } from '../layout';
import { entryHref, kindName, money, payeeTypeName, sourceName } from '../finance/finance-labels';

const traceHref = (fundId: string) => `/console/audit/trace/funds/${fundId}`;
const assetHref = (assetId: string) => `/console/audit/trace/assets/${assetId}`;

/** Money by fund, each up its 文号 chain to the document it started from. */
function sharesTable(shares: FundShareDto[], amountLabel = '金额（元）'): Html {
  const rows = shares.map(
    (s) => html`<tr>
      <td class="num">${money(s.amount)}</td>
      <td>${s.chain.map(
        (l, i) => html`${i ? ' ← ' : ''}<a href="/console/audit/trace/funds/${l.fundId}">${l.docNo}</a>
          <span class="muted">（${l.regionCode}）</span>`,
      )}</td>
      <td>${sourceName(s.top.sourceLevel)}</td>
      <td><a href="${entryHref(s.top.book, s.top.entrySeq)}">${s.top.book}/${s.top.entrySeq}</a></td>
    </tr>`,
  );
  return html`<div class="scroll"><table class="wide">
    <thead><tr><th>${amountLabel}</th><th>资金文号链（本级 ← 上级）</th><th>来源</th><th>源头记录</th></tr></thead>
    <tbody>${rows.length ? rows : html`<tr><td colspan="4" class="muted">无</td></tr>`}</tbody>
  </table></div>`;
}

export function assetBackPage(ctx: ConsoleContext, a: AssetBackTraceDto): string {
  const moves = a.movements.map(
    (m) => html`<tr><td>${m.occurredOn}</td><td>${m.type}</td><td class="num">${money(m.amount)}</td>
      <td><a href="${entryHref(m.book, m.seq)}">${m.book}/${m.seq}</a></td></tr>`,
  );
  return consolePage(
    ctx,
    `资产溯源：${a.name}`,
    html`<h1>资产溯源：${a.assetNo} ${a.name}</h1>
      <div class="card"><dl class="facts">
        <dt>位置</dt><dd>${a.location}</dd>
        <dt>形成项目</dt><dd>${a.projectName}</dd>
        <dt>价值</dt><dd>${money(a.value)} 元（已归属 ${money(a.attributed)} 元）</dd>
        <dt>来源级次</dt>
        <dd>${a.bySourceLevel.map((s) => `${sourceName(s.sourceLevel)} ${money(s.amount)} 元`).join('；')}</dd>
        <dt>收益</dt><dd>${money(a.income)} 元，已分配 ${money(a.distributed)} 元，未分配 ${money(a.undistributed)} 元</dd>
      </dl></div>
      <h2>价值来自哪些资金</h2>
      ${sharesTable(a.funds, '归属金额（元）')}
      <h2>收益与分配</h2>
      <div class="scroll"><table class="wide">
        <thead><tr><th>日期</th><th>类型</th><th>金额（元）</th><th>台账记录</th></tr></thead>
        <tbody>${moves.length ? moves : html`<tr><td colspan="4" class="muted">无</td></tr>`}</tbody>
      </table></div>`,
  );
}

export function householdBackPage(ctx: ConsoleContext, h: HouseholdBackTraceDto): string {
  const pays = h.payments.map(
    (p) => html`<tr><td>${p.occurredOn}</td><td>${kindName(p.kind)}</td><td>${p.projectName ?? ''}</td>
      <td class="num">${money(p.amount)}</td>
      <td><a href="${entryHref(p.book, p.seq)}">${p.book}/${p.seq}</a></td></tr>`,
  );
  const dists = h.distributions.map(
    (d) => html`<tr><td>${d.occurredOn}</td><td>收益分配</td>
      <td><a href="/console/audit/trace/assets/${d.assetId}">${d.assetNo} ${d.assetName}</a></td>
      <td class="num">${money(d.amount)}</td>
      <td><a href="${entryHref(d.book, d.seq)}">${d.book}/${d.seq}</a></td></tr>`,
  );
  const rows = [...pays, ...dists];
  return consolePage(
    ctx,
    `农户溯源：${h.headName}`,
    html`<h1>农户溯源：${h.headName}</h1>
      <div class="card"><dl class="facts">
        <dt>身份证号</dt><dd class="mono">${h.idNumberMasked}</dd>
        <dt>区划</dt><dd class="mono">${h.regionCode}</dd>
        <dt>到户支付</dt><dd>${money(h.paid)} 元</dd>
        <dt>收益分配</dt><dd>${money(h.distributed)} 元</dd>
      </dl></div>
      <h2>到户资金来自哪些资金</h2>
      ${sharesTable(h.byFund)}
      <h2>明细</h2>
      <div class="scroll"><table class="wide">
        <thead><tr><th>日期</th><th>类型</th><th>项目 / 资产</th><th>金额（元）</th><th>台账记录</th></tr></thead>
        <tbody>${rows.length ? rows : html`<tr><td colspan="5" class="muted">无</td></tr>`}</tbody>
      </table></div>`,
  );
}

export function entryPage(ctx: ConsoleContext, e: EntryBackTraceDto): string {
  const postings = e.postings.map(
    (p) => html`<tr><td class="num">${String(p.idx)}</td><td class="mono">${p.account}</td>
      <td class="num">${money(p.amount)}</td>
      <td>${p.fund ? html`<a href="${traceHref(p.fund.fundId)}">${p.fund.chain[0]?.docNo ?? ''}</a>` : ''}
        ${p.asset ? html`<a href="${assetHref(p.asset.assetId)}">${p.asset.assetNo}</a>` : ''}</td></tr>`,
  );
  const d = e.disbursement;
  return consolePage(
    ctx,
    `台账记录 ${e.book}/${e.seq}`,
    html`<h1>台账记录：账簿 <span class="mono">${e.book}</span> 第 ${String(e.seq)} 条</h1>
      <div class="card"><dl class="facts">
        <dt>类型</dt><dd class="mono">${e.type}</dd>
        <dt>业务日期</dt><dd>${e.occurredOn}</dd>
        ${e.reversesSeq ? html`<dt>冲正</dt><dd>冲正第 ${String(e.reversesSeq)} 条</dd>` : ''}
        ${
          d
            ? html`<dt>付款</dt><dd>${kindName(d.kind)} ${money(d.amount)} 元 · ${d.paidOn} · 凭证号 ${d.voucherNo}</dd>
              <dt>收款人</dt><dd>${d.payeeName ?? ''}（${payeeTypeName(d.payeeType)}）
                ${d.accountMasked ? html`<span class="mono">${d.accountMasked}</span>` : ''}</dd>
              ${d.reversedSeq ? html`<dt>已冲正</dt><dd>第 ${String(d.reversedSeq)} 条</dd>` : ''}`
            : ''
        }
      </dl></div>
      <h2>分录</h2>
      <div class="scroll"><table class="wide">
        <thead><tr><th>#</th><th>科目</th><th>金额（元）</th><th>资金 / 资产</th></tr></thead>
        <tbody>${postings}</tbody>
      </table></div>
      ${e.paidByFund.length ? html`<h2>付出资金的来源</h2>${sharesTable(e.paidByFund)}` : ''}`,
  );
}
