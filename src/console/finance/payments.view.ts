import type { Page } from '../../common/pagination';
import type { PaymentPlan } from '../../projects/disbursement-rules';
import { PAYABLE_IN } from '../../projects/disbursement-rules';
import type { CreateDisbursementDto, DisbursementDto } from '../../projects/dto/disbursement.dto';
import type { ProjectDto } from '../../projects/dto/project-view.dto';
import { fenToYuan, yuanToFen } from '../../common/money';
import { Html, html } from '../../public/html';
import type { ConsoleContext } from '../console-context';
import type { FormState } from '../forms';
import { consolePage } from '../layout';
import { confirmForm, field, form, pager, resultView, yuanWithCapitals } from '../views/form.view';
import { entryHref, KIND_OPTIONS, kindName, money, PAYEE_OPTIONS, payeeTypeName, statusName } from './finance-labels';
import { DISBURSEMENT_KINDS } from '../../projects/disbursement.entity';
import { PROJECT_STATUSES } from '../../projects/project.entity';

const BASE = '/console/finance/projects';
const STATUS_OPTIONS = PROJECT_STATUSES.map((s): [string, string] => [s, statusName(s)]);

export function projectsPage(
  ctx: ConsoleContext,
  page: Page<ProjectDto>,
  q: { status: string; cursor?: string },
): string {
  const rows = page.items.map(
    (p) => html`<tr>
      <td><a href="${BASE}/${p.id}/pay">${p.name}</a></td>
      <td class="mono">${p.regionCode}</td>
      <td>${statusName(p.status)}</td>
      <td class="num">${money(p.amounts.committed)}</td>
      <td class="num">${money(p.amounts.disbursed)}</td>
      <td class="num">${money(p.amounts.remaining)}</td>
      <td><a href="${BASE}/${p.id}/pay">拨付</a></td>
    </tr>`,
  );
  return consolePage(
    ctx,
    '项目拨付',
    html`<h1>项目拨付</h1>
      <form class="filters" method="get" action="${BASE}">
        <label for="q-status">状态</label>
        <select id="q-status" name="status">
          ${STATUS_OPTIONS.map(
            ([v, l]) => html`<option value="${v}" ${v === q.status ? html`selected` : ''}>${l}</option>`,
          )}
        </select>
        <button type="submit">筛选</button>
      </form>
      <div class="scroll">
        <table class="wide">
          <thead><tr><th>项目</th><th>区划</th><th>状态</th><th>批复资金（元）</th><th>已拨付</th><th>未拨付</th><th></th></tr></thead>
          <tbody>${rows.length ? rows : html`<tr><td colspan="7" class="muted">没有该状态的项目</td></tr>`}</tbody>
        </table>
      </div>
      ${pager(BASE, { status: q.status, cursor: q.cursor }, page.nextCursor)}`,
  );
}

/** The rules a payment on this project must meet, with the project's own figures (the service checks them). */
function rulesPanel(p: ProjectDto): Html {
  const a = p.amounts;
  const payable = DISBURSEMENT_KINDS.filter((k) => PAYABLE_IN[k].includes(p.status));
  const advanceLeft = a.advanceLimit === null ? null : fenToYuan(yuanToFen(a.advanceLimit) - yuanToFen(a.advancesPaid));
  const completion = (p.notices ?? []).filter((n) => n.type === 'completion').pop();
  return html`<div class="card rules">
    <h2>付款规则（提交前逐条核对，任何一条不符即被拒绝）</h2>
    <ul>
      <li>先启动、再拨付：项目当前状态「${statusName(p.status)}」，可办理
        ${payable.length ? payable.map((k) => kindName(k)).join('、') : html`<strong>（无，不能付款）</strong>`}。</li>
      <li>付款日期不得早于开工日期 ${p.startedOn ?? '（未开工）'}${p.acceptedOn ? `，结算款不得早于验收日期 ${p.acceptedOn}` : ''}。</li>
      <li>预付款累计不得超过限额：限额 ${a.advanceLimit === null ? '（未开工，无）' : `${money(a.advanceLimit)} 元`}，
        已付预付款 ${money(a.advancesPaid)} 元${
          advanceLeft !== null ? html`，<strong>尚可预付 ${money(advanceLeft)} 元</strong>` : ''
        }。</li>
      <li>不得超出批复资金：尚未拨付 <strong>${money(a.remaining)} 元</strong>（按资金：${a.byFund
        .map((l) => `${l.docNo} ${money(l.remaining)} 元`)
        .join('；')}）。</li>
      <li>先验收、再报账：结算款和质保金返还须验收公示期满且无未处理异议
        （${completion ? `验收公示至 ${completion.periodEnd ?? '—'}` : '尚未发布验收公示'}）。</li>
      ${
        a.finalCost !== null
          ? html`<li>决算 ${money(a.finalCost)} 元，质保金 ${money(a.retention)} 元，${p.retentionDueOn ?? ''} 起返还。</li>`
          : ''
      }
      <li>到户补助须付给付款日在册的本项目区域内农户；凭证号在本账簿内不得重复。</li>
    </ul>
  </div>`;
}

function projectFacts(p: ProjectDto): Html {
  return html`<dl class="facts">
    <dt>项目</dt><dd>${p.name}</dd>
    <dt>区划</dt><dd class="mono">${p.regionCode}</dd>
    <dt>状态</dt><dd>${statusName(p.status)}</dd>
    <dt>批复文号</dt><dd>${p.approvalDocNo ?? '—'}</dd>
    <dt>施工单位</dt><dd>${p.contractor ?? '—'}</dd>
    <dt>批复资金</dt><dd>${money(p.amounts.committed)} 元</dd>
    <dt>已拨付</dt><dd>${money(p.amounts.disbursed)} 元</dd>
  </dl>`;
}

const paymentFields = (p: ProjectDto, f: FormState<unknown>) => {
  const funds = p.amounts.byFund.map((l): [string, string] => [
    l.fundId,
    `${l.docNo}（尚余 ${money(l.remaining)} 元）`,
  ]);
  return html`${field({ name: 'kind', label: '付款类型', type: 'select', options: KIND_OPTIONS, required: true }, f)}
    ${field({ name: 'amount', label: '金额', type: 'money', required: true }, f)}
    ${field({ name: 'paidOn', label: '付款日期', type: 'date', required: true }, f)}
    ${field({ name: 'fundId', label: '资金来源', type: 'select', options: funds, hint: '不选则按批复顺序自动分摊' }, f)}
    ${field({ name: 'payeeName', label: '收款人', required: true, hint: '单位全称或户主姓名' }, f)}
    ${field({ name: 'payeeType', label: '收款人类型', type: 'select', options: PAYEE_OPTIONS, required: true }, f)}
    ${field({ name: 'payeeAccountNo', label: '银行账号', hint: '6–34 位数字；只保存在台账之外，显示时遮蔽' }, f)}
    ${field({ name: 'householdId', label: '农户编号（到户补助）', hint: '收款人为农户时必填' }, f)}
    ${field({ name: 'voucherNo', label: '凭证号', required: true }, f)}`;
};

export function paymentPage(ctx: ConsoleContext, p: ProjectDto, f: FormState<unknown>, refusal?: string): string {
  return consolePage(
    ctx,
    `拨付：${p.name}`,
    html`<h1>拨付：${p.name}</h1>
      ${refusal ? html`<p class="box bad" role="alert" id="refusal">不能付款：${refusal}。未写入台账。</p>` : ''}
      <div class="card">${projectFacts(p)}</div>
      ${rulesPanel(p)}
      <div class="card">${form(`${BASE}/${p.id}/pay`, ctx.csrf, paymentFields(p, f))}</div>`,
  );
}

export function confirmPaymentPage(
  ctx: ConsoleContext,
  p: ProjectDto,
  values: Record<string, string>,
  dto: CreateDisbursementDto,
  plan: PaymentPlan,
): string {
  const docNo = (id: string) => p.amounts.byFund.find((l) => l.fundId === id)?.docNo ?? id;
  return consolePage(
    ctx,
    '确认拨付',
    html`<h1>确认拨付：${p.name}</h1>
      <p class="box ok">已按付款规则核对：此笔付款符合全部规则。</p>
      ${confirmForm(`${BASE}/${p.id}/pay`, ctx.csrf, values, [
        ['付款类型', kindName(dto.kind)],
        ['金额', yuanWithCapitals(dto.amount)],
        ['付款日期', dto.paidOn],
        ['收款人', `${dto.payee.name}（${payeeTypeName(dto.payee.type)}）`],
        ['凭证号', dto.voucherNo],
        ['资金来源', plan.shares.map((s) => `${docNo(s.fundId)} ${money(fenToYuan(s.amount))} 元`).join('；')],
        ...(plan.settles ? [['结算', '此笔付款后项目结清'] as [string, string]] : []),
      ])}`,
  );
}

export function paidPage(ctx: ConsoleContext, p: ProjectDto, d: DisbursementDto): string {
  return consolePage(
    ctx,
    '已拨付',
    html`<h1>已拨付：${p.name}</h1>
      ${resultView(
        '付款已记入台账。',
        [
          ['付款类型', kindName(d.kind)],
          ['金额', yuanWithCapitals(d.amount)],
          ['收款人', `${d.payee.name}${d.payee.accountNo ? ` · ${d.payee.accountNo}` : ''}`],
          ['凭证号', d.voucherNo],
        ],
        { book: d.book, seq: d.entrySeq, href: entryHref(d.book, d.entrySeq) },
      )}
      <p><a href="${BASE}/${p.id}/pay">继续拨付此项目</a> · <a href="${BASE}">返回项目列表</a></p>`,
  );
}
