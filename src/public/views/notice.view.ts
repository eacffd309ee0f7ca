import type { NoticeSummaryDto, NoticeViewDto, ObjectionViewDto } from '../../notices/dto/notice.dto';
import type { NoticeField, NoticeTable } from '../../notices/notice-content';
import { html, page, type Html } from '../html';
import { noticeStatus } from '../notice-groups';
import { capitalsOf, formatYuan, noticeUrl, pdfUrl, periodText, statusTag, typeName, verifyUrl } from './common';

function field(f: NoticeField): Html {
  const capitals = capitalsOf(f.amountYuan);
  const capitalsLine = capitals ? html`<br /><span class="muted">${capitals}</span>` : '';
  return html`<tr>
    <th scope="row">${f.label}</th>
    <td>${f.amountYuan ? `${formatYuan(f.amountYuan)} 元` : f.value}${capitalsLine}</td>
  </tr>`;
}

function table(t: NoticeTable): Html {
  const cell = (kind: string, value: string | undefined) =>
    kind === 'amount' ? html`<td class="num">${formatYuan(value ?? '')}</td>` : html`<td>${value ?? ''}</td>`;
  const totals = t.total
    ? t.columns
        .filter((c) => c.kind === 'amount' && t.total?.[c.key])
        .map((c) => ({ label: c.label, capitals: capitalsOf(t.total?.[c.key]) }))
    : [];
  const none = html`<tr>
    <td colspan="${t.columns.length}" class="muted">（无）</td>
  </tr>`;
  return html`<div class="scroll">
      <table class="grid">
        <caption>
          ${t.title}
        </caption>
        <thead>
          <tr>
            ${t.columns.map((c) => html`<th scope="col">${c.label}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${
            t.rows.length
              ? t.rows.map(
                  (r) =>
                    html`<tr>
                      ${t.columns.map((c) => cell(c.kind, r[c.key]))}
                    </tr>`,
                )
              : none
          }
          ${
            t.total
              ? html`<tr>
                  <th scope="row">合计</th>
                  ${t.columns.slice(1).map((c) => cell(c.kind, t.total?.[c.key]))}
                </tr>`
              : ''
          }
        </tbody>
      </table>
    </div>
    ${totals.filter((x) => x.capitals).map((x) => html`<p class="muted">${x.label}合计（大写）：${x.capitals}</p>`)}`;
}

/** Summary, date and resolution only: an objection's contact details are never on a page. */
function objection(o: ObjectionViewDto): Html {
  return html`<div class="box">
    <p>
      <span class="tag ${o.status === 'resolved' ? 'past' : 'warn'}"
        >${o.status === 'resolved' ? '已处理' : '待处理'}</span
      >
      <span class="muted">收到日期 ${o.receivedOn}</span>
    </p>
    <p>${o.summary}</p>
    ${o.resolution ? html`<p><b>处理意见${o.resolvedOn ? `（${o.resolvedOn}）` : ''}：</b>${o.resolution}</p>` : ''}
  </div>`;
}

function corrections(n: NoticeViewDto, related: Map<string, NoticeSummaryDto>): Html {
  const link = (id: string) => html`<a href="${noticeUrl(id)}">${related.get(id)?.title ?? id}</a>`;
  return html`${n.correctedBy ? html`<div class="box bad">本公示已被更正，请以更正后的公示为准：${link(n.correctedBy)}</div>` : ''}
  ${n.correctsNoticeId ? html`<div class="box">本公示更正了：${link(n.correctsNoticeId)}</div>` : ''}`;
}

export function noticePage(n: NoticeViewDto, related: Map<string, NoticeSummaryDto>, today: string): string {
  const c = n.content;
  return page(
    c.title,
    html`<p>${statusTag(noticeStatus(n, today))}<span class="tag">${typeName(n.type)}</span></p>
      <h1>${c.title}</h1>
      ${corrections(n, related)}
      <p class="muted">${c.regionName} · 发布单位：${c.issuer} · 发布日期：${c.issuedOn}</p>
      <div class="box">
        <b>公示期：</b>${periodText(c.periodStart, c.periodEnd)}<br />
        <a href="${pdfUrl(n.id)}">下载 PDF（可打印张贴）</a> · <a href="${verifyUrl(n.id)}">核验这份公示</a>
      </div>
      <p>${c.preamble}</p>
      ${
        c.fields.length
          ? html`<div class="scroll">
              <table>
                <tbody>
                  ${c.fields.map(field)}
                </tbody>
              </table>
            </div>`
          : ''
      }
      ${c.tables.map(table)}
      <p><b>监督电话：</b>${c.hotline.local ? `${c.hotline.local}（本地） · ` : ''}${c.hotline.national}（全国）</p>
      <h2>异议及处理结果</h2>
      ${n.objections.length ? n.objections.map(objection) : html`<p class="muted">暂无异议。</p>`}
      <h2>提出异议</h2>
      <form id="objection" data-url="/api/v1/notices/${n.id}/objections" method="post">
        <label for="summary">异议内容（必填，2–2000 字）</label>
        <textarea id="summary" name="summary" rows="4" minlength="2" maxlength="2000" required></textarea>
        <label for="contact">联系方式（选填；只交给发布单位，不会公开）</label>
        <input id="contact" name="contact" maxlength="200" autocomplete="tel" />
        <input type="hidden" name="receivedOn" value="${today}" />
        <button type="submit" disabled>提交异议</button>
      </form>
      <noscript><p>提交异议需要启用浏览器的 JavaScript；也可以拨打上面的监督电话。</p></noscript>
      <div id="objection-result" role="status"></div>
      <h2>防伪信息</h2>
      <div class="box">
        内容哈希（SHA-256）：<span class="hash">${n.contentHash}</span><br />
        账簿 ${n.book} 第 ${n.seq} 号记录<br /><a href="${verifyUrl(n.id)}">在您自己的手机上核验这份公示 →</a>
      </div>`,
    ['/public/assets/objection.js'],
  );
}
