import { html, page, type Html } from '../html';
import type { VerifyPageData } from '../public-pages.service';
import { noticeUrl } from './common';

const row = (label: string, value: Html | string | number) =>
  html`<tr>
    <th scope="row">${label}</th>
    <td>${value}</td>
  </tr>`;
const hash = (h: string) => html`<span class="hash">${h}</span>`;

/** "2026-11-22T23:24:50.432Z" → "2026-11-23 07:24:50（北京时间）". */
function beijingTime(iso: string): string {
  const t = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)}（北京时间）`;
}

function step(id: string, title: string): Html {
  return html`<div class="step wait" id="${id}">
    <span class="mark">…</span>
    <div>
      <b>${title}</b>
      <div class="why">等待核验</div>
    </div>
  </div>`;
}

function checkpointSection(d: VerifyPageData): Html {
  const cp = d.checkpoint;
  if (!cp) return html`<p>该账簿还没有签名检查点。等待下一次签名检查点后再来核验包含证明；内容哈希现在即可核对。</p>`;
  const pending =
    cp.treeSize < d.entry.seq
      ? html`<p class="box">最新签名检查点（共 ${cp.treeSize} 条记录）尚未包含本条记录，等待下一次签名检查点。</p>`
      : '';
  const rows = [
    row('树大小（记录条数）', cp.treeSize),
    row('根哈希', hash(cp.rootHash)),
    row('签名时间', beijingTime(cp.signedAt)),
    row('公钥编号', cp.keyId),
    row('签名（Ed25519）', hash(cp.signature)),
  ];
  return html`${pending}
    <div class="scroll">
      <table>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>
    <p class="muted">被签名的检查点原文：</p>
    <pre>${cp.body}</pre>
    ${witnessSection(cp)}`;
}

const STATUS: Record<string, string> = {
  ok: '已联署',
  pending: '尚未请求',
  down: '无法连接',
  refused: '拒绝（配置问题）',
  inconsistent: '拒绝：与其此前联署的历史不一致',
};

/** The witnesses as the server states them; the browser checks their cosignatures itself (step four). */
function witnessSection(cp: NonNullable<VerifyPageData['checkpoint']>): Html {
  if (!cp.witnesses.length) return html`<h2>见证方</h2><p>本账簿未配置见证方。</p>`;
  const cosigned = new Map(cp.cosignatures.map((c) => [c.name, c]));
  const rows = cp.witnesses.map(
    (w) =>
      html`<tr>
        <td>${w.displayName}</td>
        <td><span class="hash">${w.name}</span></td>
        <td><span class="hash">${w.keyId}</span></td>
        <td>${cosigned.has(w.name) ? `已联署（${beijingTime(cosigned.get(w.name)!.cosignedAt)}）` : STATUS[w.status]}</td>
      </tr>`,
  );
  return html`<h2>见证方（服务器提供的数据）</h2>
    <p class="muted">至少 ${cp.quorum} 个见证方联署，检查点才算经过见证。带联署的签名说明（C2SP signed note）：</p>
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">见证方</th>
            <th scope="col">密钥名</th>
            <th scope="col">公钥编号</th>
            <th scope="col">本检查点</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>
    <pre>${cp.note}</pre>`;
}

/** In this order (deferred scripts run in document order): verify.js builds on the other two. */
const VERIFY_SCRIPTS = ['verify-primitives.js', 'verify-witness.js', 'verify.js'].map((f) => `/public/assets/${f}`);

/** Server data is shown labelled as such; the verdict is left to verify.js, computed in the reader's browser. */
export function verifyPage(d: VerifyPageData): string {
  const { notice: n, entry } = d;
  const api = '/api/v1';
  const q = `book=${n.book}`;
  const contentUrl = `/public/notices/${n.id}/content.json`;
  const entryUrl = `/public/notices/${n.id}/entry.json`;
  const payload = entry.document.payload as { contentHash?: unknown };
  const entryRows = [
    row('账簿', n.book),
    row('序号', n.seq),
    row('类型', entry.document.type),
    row('业务日期', entry.document.occurredOn),
  ];
  const hashRows = [
    row('内容哈希', hash(String(payload.contentHash ?? ''))),
    row('记录哈希', hash(entry.hash)),
    row('上一条记录哈希', hash(entry.prevHash)),
  ];
  return page(
    `核验 ${n.title}`,
    html`<h1>核验公示</h1>
      <p><a href="${noticeUrl(n.id)}">${n.title}</a></p>
      <div id="verdict" class="verdict wait" role="status">… 正在您的浏览器中核验</div>
      <noscript><p class="box bad">核验需要启用浏览器的 JavaScript。</p></noscript>
      <div
        id="verify"
        data-notice-id="${n.id}"
        data-book="${n.book}"
        data-seq="${n.seq}"
        data-prev-hash="${entry.prevHash}"
        data-content-url="${contentUrl}"
        data-entry-url="${entryUrl}"
        data-api-base="${api}"
      >
        ${step('step-content', '（一）公示内容与账簿记录中的内容哈希一致')}
        ${step('step-inclusion', '（二）账簿记录在签名的默克尔树中（包含证明）')}
        ${step('step-signature', '（三）签名检查点由本系统的密钥签署（Ed25519）')}
        ${step('step-witness', '（四）检查点经独立见证方联署（防止对不同的人展示不同的账本）')}
        <pre id="computed"></pre>
      </div>
      <p class="muted">
        这四项由您的浏览器用 Web Crypto
        自己计算，不采信服务器的结论：服务器只提供原始数据（公示内容、账簿记录、证明、检查点、公钥和见证方公钥）。
        见证方公钥编号应与见证方（如审计局）公布的一致。
        公钥编号应与县政府公布的一致（本系统当前公钥编号 <span class="hash">${d.keyId}</span>）。
      </p>
      <h2>账簿记录（服务器提供的数据）</h2>
      <div class="scroll">
        <table>
          <tbody>
            ${entryRows} ${hashRows}
          </tbody>
        </table>
      </div>
      <h2>最新签名检查点</h2>
      ${checkpointSection(d)}
      <p class="muted">
        原始数据：<a href="${contentUrl}">公示内容</a> · <a href="${entryUrl}">账簿记录</a> ·
        <a href="${api}/ledger/public-key">公钥</a> · <a href="${api}/ledger/checkpoints/latest?${q}">最新检查点</a> ·
        <a href="${api}/ledger/witnesses?${q}">见证方</a> ·
        <a href="${api}/ledger/proofs/inclusion?${q}&seq=${n.seq}">包含证明</a>
      </p>`,
    VERIFY_SCRIPTS,
  );
}
