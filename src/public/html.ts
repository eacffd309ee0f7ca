import { createHash } from 'node:crypto';

/**
 * HTML escaped by construction: every value in `html`…`` is escaped unless it is Html itself. Page text is
 * typed by clerks and by anyone on the internet, so there is no other way to put text in a page.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

type Value = Html | string | number | null | undefined | false | Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** System fonts only (no web font download on a village connection), with CJK fallbacks. */
const STYLE = `
*{box-sizing:border-box}
body{margin:0 auto;max-width:52rem;padding:.75rem;
font:16px/1.6 system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei",
"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;color:#1a1a1a;background:#fff}
h1{font-size:1.35rem;line-height:1.35;margin:.5rem 0}
h2{font-size:1.2rem;border-bottom:2px solid #b71c1c;margin:1.5rem 0 .5rem}
h3{font-size:1.05rem;margin:1rem 0 .25rem}h4{font-size:1rem;margin:.75rem 0 .25rem;color:#444}
a{color:#0d47a1}header a{color:#b71c1c;text-decoration:none;font-weight:bold}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.95rem}
th,td{border:1px solid #bbb;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.grid th{white-space:nowrap}.grid td{min-width:4.5em}td.num{text-align:right;white-space:nowrap}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
.scroll{overflow-x:auto}.muted{color:#666;font-size:.9rem}
.hash{font-family:ui-monospace,monospace;word-break:break-all;font-size:.85rem}
ul.notices{list-style:none;padding:0;margin:0}ul.notices li{border-bottom:1px solid #ddd;padding:.5rem 0}
.tag{display:inline-block;font-size:.8rem;padding:0 .4rem;border-radius:.3rem;margin-right:.35rem;background:#eee}
.tag.current{background:#c8e6c9;color:#1b5e20}.tag.past{background:#eee;color:#555}
.tag.warn{background:#ffe0b2;color:#e65100}
.box{border:1px solid #ccc;border-radius:.4rem;padding:.6rem .8rem;margin:.75rem 0}
.box.ok{border-color:#2e7d32;color:#1b5e20}.box.bad{border-color:#b71c1c;color:#b71c1c}
.verdict{font-size:1.6rem;font-weight:bold;padding:.8rem;border-radius:.4rem;text-align:center;background:#eee}
.verdict.ok{background:#c8e6c9;color:#1b5e20}.verdict.bad{background:#ffcdd2;color:#b71c1c}
.verdict.wait{background:#fff3c4;color:#795500}
.step{display:flex;gap:.6rem;padding:.4rem 0;border-bottom:1px dashed #ccc}
.step>div{flex:1;min-width:0;overflow-wrap:anywhere}.step .mark{font-size:1.4rem;width:1.6rem;text-align:center}
.step.ok .mark{color:#1b5e20}.step.bad .mark{color:#b71c1c}.step.wait .mark{color:#795500}
textarea,input{width:100%;font:inherit;padding:.4rem;margin:.2rem 0 .6rem}button{font:inherit;padding:.5rem 1.2rem}
pre{white-space:pre-wrap;word-break:break-all;background:#f7f7f7;padding:.5rem;font-size:.85rem}
`.replace(/\n/g, '');

/**
 * The style element is allowed by the hash of its exact text, so the policy needs no 'unsafe-inline'.
 * Built whole here: a formatter indenting the page template would otherwise change that text.
 */
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
const STYLE_ELEMENT = new Html(`<style>${STYLE}</style>`);

/** Scripts only from our own files, fetches only to ourselves, no frames, no foreign forms. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function page(title: string, body: Html, scripts: string[] = []): string {
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>${title} · 阳光台账</title>
        ${STYLE_ELEMENT} ${scripts.map((src) => html`<script src="${src}" defer></script>`)}
      </head>
      <body>
        <header><a href="/public">阳光台账 · 公示公告</a></header>
        <main>${body}</main>
        <footer class="muted"><p>三公示一公告 · 监督举报电话 12317</p></footer>
      </body>
    </html>`.text;
}
