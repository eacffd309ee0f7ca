import type { Page } from '../../common/pagination';
import type { FundDto } from '../../funds/dto/fund.dto';
import { Html, html } from '../../public/html';
import type { ConsoleContext } from '../console-context';
import type { FormState } from '../forms';
import { consolePage } from '../layout';
import { confirmForm, field, form, pager, resultView, yuanWithCapitals } from '../views/form.view';
import { entryHref, money, SOURCE_OPTIONS, sourceName } from './finance-labels';

const BASE = '/console/finance/funds';

function balances(f: FundDto): Html {
  return html`<dl class="facts">
    <dt>文号</dt><dd>${f.docNo}</dd>
    <dt>标题</dt><dd>${f.title}</dd>
    <dt>来源级次</dt><dd>${sourceName(f.sourceLevel)}</dd>
    <dt>区划 / 账簿</dt><dd class="mono">${f.regionCode} / ${f.book}</dd>
    <dt>发文日期</dt><dd>${f.issuedOn}</dd>
    <dt>金额</dt><dd>${yuanWithCapitals(f.amount)}</dd>
    <dt>已下达</dt><dd>${money(f.allocatedDown)} 元</dd>
    <dt>已安排项目未付</dt><dd>${money(f.committed)} 元</dd>
    <dt>已支付</dt><dd>${money(f.disbursed)} 元</dd>
    <dt>可用余额</dt><dd><strong>${money(f.available)} 元</strong></dd>
    <dt>台账记录</dt><dd>账簿 <span class="mono">${f.book}</span> 第 ${f.entrySeq} 条 ·
      <a href="${entryHref(f.book, f.entrySeq)}">查看记录</a></dd>
  </dl>`;
}

export function fundsPage(ctx: ConsoleContext, page: Page<FundDto>, q: { cursor?: string; year?: string }): string {
  const rows = page.items.map(
    (f) => html`<tr>
      <td><a href="${BASE}/${f.id}">${f.docNo}</a></td>
      <td>${f.title}</td>
      <td>${sourceName(f.sourceLevel)}</td>
      <td class="mono">${f.regionCode}</td>
      <td>${f.issuedOn}</td>
      <td class="num">${money(f.amount)}</td>
      <td class="num">${money(f.allocatedDown)}</td>
      <td class="num">${money(f.disbursed)}</td>
      <td class="num">${money(f.available)}</td>
    </tr>`,
  );
  return consolePage(
    ctx,
    '资金文件',
    html`<h1>资金文件（指标文件）</h1>
      <p>
        <a class="button" href="${BASE}/new">登记资金文件</a>
        <a class="button secondary" href="${BASE}/import">从 Excel 导入</a>
      </p>
      <form class="filters" method="get" action="${BASE}">
        <label for="q-year">年度</label>
        <input id="q-year" name="year" value="${q.year ?? ''}" inputmode="numeric" placeholder="如 2026" size="6" />
        <button type="submit">筛选</button>
      </form>
      <div class="scroll">
        <table class="wide">
          <thead>
            <tr>
              <th>文号</th><th>标题</th><th>来源</th><th>区划</th><th>日期</th>
              <th>金额（元）</th><th>已下达</th><th>已支付</th><th>可用余额</th>
            </tr>
          </thead>
          <tbody>${rows.length ? rows : html`<tr><td colspan="9" class="muted">没有资金文件</td></tr>`}</tbody>
        </table>
      </div>
      ${pager(BASE, q, page.nextCursor)}`,
  );
}

const fundFields = (f: FormState<unknown>, ctx: ConsoleContext) =>
  html`${field({ name: 'docNo', label: '文号', required: true, hint: '如：郾财农〔2026〕12号；同一账簿内不得重复' }, f)}
  ${field({ name: 'title', label: '文件标题', required: true }, f)}
  ${field({ name: 'sourceLevel', label: '来源级次', type: 'select', options: SOURCE_OPTIONS, required: true }, f)}
  ${field({ name: 'regionCode', label: '入账区划代码', required: true, hint: `省、市或县；须在 ${ctx.regionName} 之内` }, f)}
  ${field({ name: 'amount', label: '金额', type: 'money', required: true }, f)}
  ${field({ name: 'issuedOn', label: '发文日期', type: 'date', required: true }, f)}
  ${field({ name: 'purpose', label: '用途（可选）', type: 'textarea' }, f)}`;

export function newFundPage(ctx: ConsoleContext, f: FormState<unknown>): string {
  return consolePage(
    ctx,
    '登记资金文件',
    html`<h1>登记资金文件</h1>
      <div class="card">${form(`${BASE}/new`, ctx.csrf, fundFields(f, ctx))}</div>`,
  );
}

export function confirmFundPage(ctx: ConsoleContext, values: Record<string, string>, dto: { amount: string }): string {
  return consolePage(
    ctx,
    '确认登记资金文件',
    html`<h1>确认登记资金文件</h1>
      ${confirmForm(`${BASE}/new`, ctx.csrf, values, [
        ['文号', values.docNo],
        ['标题', values.title],
        ['来源级次', sourceName(values.sourceLevel)],
        ['入账区划', values.regionCode],
        ['金额', yuanWithCapitals(dto.amount)],
        ['发文日期', values.issuedOn],
      ])}`,
  );
}

export function fundCreatedPage(ctx: ConsoleContext, f: FundDto): string {
  return consolePage(
    ctx,
    '资金文件已登记',
    html`<h1>资金文件已登记</h1>
      ${resultView(
        '资金文件已登记入账。',
        [
          ['文号', f.docNo],
          ['金额', yuanWithCapitals(f.amount)],
        ],
        {
          book: f.book,
          seq: f.entrySeq,
          href: entryHref(f.book, f.entrySeq),
        },
      )}
      <p><a href="${BASE}/${f.id}">查看资金文件</a> · <a href="${BASE}">返回资金列表</a></p>`,
  );
}

export function fundPage(ctx: ConsoleContext, f: FundDto): string {
  return consolePage(
    ctx,
    f.docNo,
    html`<h1>${f.docNo}</h1>
      <div class="card">${balances(f)}</div>
      <p>
        <a class="button" href="${BASE}/${f.id}/allocate">下达到下级</a>
        <a class="button secondary" href="/console/audit/trace/funds/${f.id}">资金追踪</a>
        ${f.parentFundId ? html`<a href="${BASE}/${f.parentFundId}">上级资金文件</a>` : ''}
      </p>`,
  );
}

const allocateFields = (f: FormState<unknown>) =>
  html`${field({ name: 'toRegionCode', label: '下达至区划代码', required: true, hint: '下级市或县（资金只记入省市县账套）' }, f)}
  ${field({ name: 'amount', label: '下达金额', type: 'money', required: true }, f)}
  ${field({ name: 'docNo', label: '下达文号', required: true }, f)}
  ${field({ name: 'issuedOn', label: '下达日期', type: 'date', required: true }, f)}`;

export function allocatePage(ctx: ConsoleContext, fund: FundDto, f: FormState<unknown>): string {
  return consolePage(
    ctx,
    '下达资金',
    html`<h1>下达资金：${fund.docNo}</h1>
      <p class="box">可下达余额 <strong>${money(fund.available)} 元</strong>；超出余额的下达会被拒绝。</p>
      <div class="card">${form(`${BASE}/${fund.id}/allocate`, ctx.csrf, allocateFields(f))}</div>`,
  );
}

export function confirmAllocatePage(
  ctx: ConsoleContext,
  fund: FundDto,
  values: Record<string, string>,
  dto: { amount: string },
): string {
  return consolePage(
    ctx,
    '确认下达',
    html`<h1>确认下达：${fund.docNo}</h1>
      ${confirmForm(`${BASE}/${fund.id}/allocate`, ctx.csrf, values, [
        ['下达至', values.toRegionCode],
        ['金额', yuanWithCapitals(dto.amount)],
        ['下达文号', values.docNo],
        ['下达日期', values.issuedOn],
        ['下达后本级可用', `${money(fund.available)} 元减去下达金额`],
      ])}`,
  );
}

export function fundAllocatedPage(ctx: ConsoleContext, parent: FundDto, child: FundDto): string {
  return consolePage(
    ctx,
    '已下达',
    html`<h1>已下达</h1>
      ${resultView(
        `已从 ${parent.docNo} 下达到 ${child.regionCode}。`,
        [
          ['下达文号', child.docNo],
          ['金额', yuanWithCapitals(child.amount)],
        ],
        { book: child.book, seq: child.entrySeq, href: entryHref(child.book, child.entrySeq) },
      )}
      <p><a href="${BASE}/${parent.id}">返回 ${parent.docNo}</a></p>`,
  );
}
