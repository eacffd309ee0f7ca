import type { AssetDto } from '../../assets/dto/asset-view.dto';
import type { NumberedPage } from '../../common/pagination';
import type { FundDto } from '../../funds/dto/fund.dto';
import type { HouseholdDto } from '../../households/dto/household.dto';
import { type Html, html } from '../../public/html';
import type { ConsoleContext } from '../console-context';
import { consolePage } from '../layout';
import { money, sourceName } from '../finance/finance-labels';

const BASE = '/console/audit/trace';
/** Rows per page of each list when the link asks for no other size. */
export const ROWS_PER_PAGE = 100;

/** The query parameter of each list's page number; the funds', the first list, is plain `page`. */
const PAGE_KEYS = ['page', 'assetPage', 'householdPage'] as const;
type PageKey = (typeof PAGE_KEYS)[number];

/** Where the index is: a page number per list, and one size for the three. */
export type TraceIndexAt = Record<PageKey, number> & { size: number };

/** A whole number from 1 to `max` out of a query value, else nothing (the page falls back to its default). */
function whole(v: unknown, max: number): number | undefined {
  if (typeof v !== 'string' || !/^\d{1,6}$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 1 && n <= max ? n : undefined;
}

/** `?page=&assetPage=&householdPage=&size=` (1–500): anything else is the first page of 100 rows. */
export function traceIndexAt(q: Record<string, unknown>): TraceIndexAt {
  const at = (k: PageKey) => whole(q[k], 100_000) ?? 1;
  return {
    page: at('page'),
    assetPage: at('assetPage'),
    householdPage: at('householdPage'),
    size: whole(q.size, 500) ?? ROWS_PER_PAGE,
  };
}

export interface TraceIndexLists {
  funds: NumberedPage<FundDto>;
  assets: NumberedPage<AssetDto>;
  households: NumberedPage<HouseholdDto>;
}

/**
 * 共 N 项 and 上一页/下一页 of one list by number. Its links keep the other lists where they are; the
 * size rides along only when it is not the default, and `anchor` brings the reader back to the list.
 */
function pager(at: TraceIndexAt, key: PageKey, list: NumberedPage<unknown>, anchor = ''): Html {
  const page = at[key];
  const last = Math.max(1, Math.ceil(list.total / at.size));
  const href = (n: number) => {
    const q = new URLSearchParams();
    for (const k of PAGE_KEYS) {
      const v = k === key ? n : at[k];
      if (v > 1) q.set(k, String(v));
    }
    if (at.size !== ROWS_PER_PAGE) q.set('size', String(at.size));
    const s = q.toString();
    return `${BASE}${s ? `?${s}` : ''}${anchor && `#${anchor}`}`;
  };
  const from = (page - 1) * at.size + 1;
  const to = from + list.items.length - 1;
  const range = !list.items.length ? '' : to > from ? `（第 ${from}–${to} 项）` : `（第 ${from} 项）`;
  return html`<p class="pager">
    共 ${String(list.total)} 项，第 ${String(page)} / ${String(last)} 页${range}
    ${page > 1 ? html`<a href="${href(Math.min(page - 1, last))}" rel="prev">« 上一页</a>` : ''}
    ${page < last ? html`<a href="${href(page + 1)}" rel="next">下一页 »</a>` : ''}
  </p>`;
}

/** Where a trace starts: a fund (forward), an asset or a household (back). */
export function traceIndexPage(ctx: ConsoleContext, at: TraceIndexAt, lists: TraceIndexLists): string {
  const { funds, assets, households } = lists;
  const fundRows = funds.items.map(
    (f) => html`<tr>
      <td><a href="${BASE}/funds/${f.id}">${f.docNo}</a></td>
      <td>${f.title}</td><td>${sourceName(f.sourceLevel)}</td><td class="mono">${f.regionCode}</td>
      <td class="num">${money(f.amount)}</td><td class="num">${money(f.disbursed)}</td>
    </tr>`,
  );
  const assetRows = assets.items.map(
    (a) => html`<tr>
      <td><a href="${BASE}/assets/${a.id}">${a.assetNo}</a></td>
      <td>${a.name}</td><td>${a.projectName}</td><td class="num">${money(a.value)}</td>
    </tr>`,
  );
  const householdRows = households.items.map(
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
      ${pager(at, 'page', funds)}
      <h2 id="assets">反向追溯：资产</h2>
      <div class="scroll"><table class="wide">
        <thead><tr><th>资产编号</th><th>名称</th><th>形成项目</th><th>价值（元）</th></tr></thead>
        <tbody>${assetRows.length ? assetRows : empty(4)}</tbody>
      </table></div>
      ${pager(at, 'assetPage', assets, 'assets')}
      <h2 id="households">反向追溯：农户</h2>
      <div class="scroll"><table class="wide">
        <thead><tr><th>户主</th><th>身份证号</th><th>区划</th><th>状态</th></tr></thead>
        <tbody>${householdRows.length ? householdRows : empty(4)}</tbody>
      </table></div>
      ${pager(at, 'householdPage', households, 'households')}`,
  );
}
