import { createHash } from 'node:crypto';
import { CONTENT_SECURITY_POLICY, escapeHtml, html, Html, page } from './html';

describe('html escaping', () => {
  it('escapes the five HTML metacharacters in text and attribute values', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    const title = '"><script>alert(1)</script>';
    expect(html`<p title="${title}">${title}</p>`.text).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
  });

  it('keeps Html built by html`` as markup, escapes arrays item by item and drops empty values', () => {
    const items = ['<b>', html`<i>${'<u>'}</i>`];
    expect(html`<p>${items}${null}${undefined}${false}${0}</p>`.text).toBe('<p>&lt;b&gt;<i>&lt;u&gt;</i>0</p>');
    expect(html`${new Html('<br>')}`.text).toBe('<br>');
  });

  it('escapes the page title', () => {
    expect(page('<script>', html``)).toContain('<title>&lt;script&gt; · 阳光台账</title>');
  });

  it("allows the page's style element by the hash of its exact text", () => {
    const style = /<style>([\s\S]*?)<\/style>/.exec(page('t', html``))?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(style.length).toBeGreaterThan(100);
    expect(CONTENT_SECURITY_POLICY).toContain(`style-src 'sha256-${hash}'`);
  });
});
