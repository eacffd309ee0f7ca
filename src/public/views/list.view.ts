import { html, page, type Html } from '../html';
import type { ListedNotice, RegionGroup } from '../notice-groups';
import type { ListPageData } from '../public-pages.service';
import { noticeUrl, pdfUrl, periodText, statusTag, typeName, verifyUrl } from './common';

const regionLink = (code: string, name: string) => html`<a href="/public?region=${code}">${name}</a>`;

function item(n: ListedNotice): Html {
  return html`<li>
    ${statusTag(n.status)}<span class="tag">${typeName(n.type)}</span> <a href="${noticeUrl(n.id)}">${n.title}</a><br />
    <span class="muted">公示期 ${periodText(n.periodStart, n.periodEnd)} · ${n.issuer}</span>
    ${n.openObjections > 0 ? html`<span class="tag warn">${n.openObjections} 条异议待处理</span>` : ''}
    <br /><a href="${pdfUrl(n.id)}">PDF</a> · <a href="${verifyUrl(n.id)}">核验</a>
  </li>`;
}

/** Headings only where the county or township changes, so each village reads under its township. */
function groups(list: RegionGroup[]): Html[] {
  const out: Html[] = [];
  let county = '';
  let township = '';
  for (const g of list) {
    if (g.county.code !== county) {
      county = g.county.code;
      township = '';
      out.push(html`<h2>${regionLink(g.county.code, g.county.name)}</h2>`);
    }
    const t = g.township?.code ?? '';
    if (t !== township) {
      township = t;
      if (g.township) out.push(html`<h3>${regionLink(g.township.code, g.township.name)}</h3>`);
    }
    if (g.village) out.push(html`<h4>${regionLink(g.village.code, g.village.name)}</h4>`);
    else if (!g.township) out.push(html`<h4>县级公示公告</h4>`);
    else out.push(html`<h4>乡镇公示</h4>`);
    out.push(
      html`<ul class="notices">
        ${g.notices.map(item)}
      </ul>`,
    );
  }
  return out;
}

export function listPage(data: ListPageData): string {
  const where = data.regionCode ? (data.regionName ?? data.regionCode) : '';
  const region = data.regionCode ? `region=${data.regionCode}&` : '';
  const more = data.nextCursor
    ? html`<p>
        <a href="/public?${region}cursor=${encodeURIComponent(data.nextCursor)}">更早的公示 →</a>
      </p>`
    : '';
  return page(
    `${where}公示公告`,
    html`<h1>${where}公示公告</h1>
      <p class="muted">
        三公示一公告：项目申报、批复、验收公示和资金分配结果公告。今天是 ${data.today}，仍在公示的排在前面。
        ${data.regionCode ? html`<a href="/public">查看全部地区</a>` : ''}
      </p>
      ${data.groups.length ? groups(data.groups) : html`<p>暂无公示。</p>`}${more}`,
  );
}
