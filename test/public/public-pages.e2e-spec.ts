import { createHash } from 'node:crypto';
import { CheckpointService } from '../../src/journal/checkpoints/checkpoint.service';
import { JournalService } from '../../src/journal/journal.service';
import { addDays } from '../../src/notices/dto/notice.dto';
import { COUNTY, OTHER_VILLAGE, ProjectDriver, projectTokens, VILLAGE } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { publishAnnouncement, publishApplication, TODAY } from './public-fixtures';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const XSS_NAME = '<script>alert("x")</script>后街村"道路"硬化&亮化';

describe('public pages (server-rendered, no login)', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let xss: Awaited<ReturnType<typeof publishApplication>>;
  let past: Awaited<ReturnType<typeof publishApplication>>;
  let announcement: { id: string; book: string; seq: number };

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
    past = await publishApplication(
      d,
      'otherVillage',
      { name: '石槽赵村 灌溉水渠', regionCode: OTHER_VILLAGE },
      { start: '2024-02-02', end: '2024-02-12' },
    );
    xss = await publishApplication(d, 'village', {
      name: XSS_NAME,
      content: '<img src=x onerror=alert(1)> 硬化道路 1.2 公里',
      regionCode: VILLAGE,
    });
    announcement = await publishAnnouncement(d);
  });
  afterAll(() => t.close());

  it('lists notices county → township → village, outside /api/v1, with PDF and verify links', async () => {
    const res = await t.http().get('/public').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const text = res.text;
    const order = [
      '>郾城区</a></h2>',
      '县级公示公告',
      '>城关镇</a></h3>',
      '>城关镇 后街村</a></h4>',
      '>城关镇 石槽赵村</a></h4>',
    ].map((s) => text.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const n of [xss, past, announcement]) {
      expect(text).toContain(`href="/public/notices/${n.id}"`);
      expect(text).toContain(`href="/api/v1/notices/${n.id}/pdf"`);
      expect(text).toContain(`href="/public/verify/${n.id}"`);
    }
    expect(text).toMatch(/公示期已结束[\s\S]*2024-02-02 至 2024-02-12/);
    expect(text).toContain(`公示中`);
    await t.http().get('/api/v1/public').expect(404);
  });

  it('puts current notices before past ones inside one village', async () => {
    const ended = await publishApplication(
      d,
      'village',
      { name: '后街村 旧路维修' },
      { start: '2024-02-02', end: '2024-02-12' },
    );
    const text = (await t.http().get(`/public?region=${VILLAGE}`).expect(200)).text;
    expect(text.indexOf(`/public/notices/${xss.id}"`)).toBeLessThan(text.indexOf(`/public/notices/${ended.id}"`));
    expect(text).not.toContain(past.id);
    expect(text).not.toContain(announcement.id);
    expect(text).toContain('<h1>城关镇 后街村公示公告</h1>');
  });

  it('escapes user-entered text everywhere: a <script> title never reaches the page as markup', async () => {
    for (const url of ['/public', `/public/notices/${xss.id}`, `/public/verify/${xss.id}`]) {
      const text = (await t.http().get(url).expect(200)).text;
      expect(text).not.toContain('<script>alert');
      expect(text).not.toContain('<img src=x');
      expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;后街村&quot;道路&quot;硬化&amp;亮化');
      // The only scripts are our own files.
      expect(
        text
          .match(/<script[^>]*>/g)
          ?.every((s) => /^<script src="\/public\/assets\/[a-z]+(-[a-z]+)*\.js" defer>$/.test(s)) ?? true,
      ).toBe(true);
    }
    // verify.js builds on the other two, so they come first (deferred scripts run in document order).
    const verify = (await t.http().get(`/public/verify/${xss.id}`).expect(200)).text;
    expect([...verify.matchAll(/<script src="\/public\/assets\/([a-z-]+\.js)"/g)].map((m) => m[1])).toEqual([
      'verify-primitives.js',
      'verify-witness.js',
      'verify.js',
    ]);
  });

  it('shows a notice: fields, tables, amounts in capitals, hotline, PDF, seal', async () => {
    const text = (await t.http().get(`/public/notices/${xss.id}`).expect(200)).text;
    const notice = (await t.http().get(`/api/v1/notices/${xss.id}`).expect(200)).body;
    for (const f of notice.content.fields) expect(text).toContain(`<th scope="row">${f.label}</th>`);
    expect(text).toContain('人民币贰拾贰万元整'); // budget 220000.00
    expect(text).toContain('220,000.00 元'); // figures grouped as on the PDF
    expect(text).toContain('0395-3311234');
    expect(text).toContain('12317');
    expect(text).toContain(`公示期：</b>${TODAY} 至 `);
    expect(text).toContain(xss.contentHash);
    expect(text).toContain(`账簿 ${COUNTY} 第 ${xss.seq} 号记录`);
    expect(text).toContain(`data-url="/api/v1/notices/${xss.id}/objections"`);
    expect(text).toContain(`name="receivedOn" value="${TODAY}"`);
  });

  it('shows objections and their resolutions, never the contact details', async () => {
    const filed = await t
      .http()
      .post(`/api/v1/notices/${xss.id}/objections`)
      .send({ summary: '<b>预算偏高</b>，请说明', contact: '13812345678 张三', receivedOn: TODAY })
      .expect(201);
    await d.post(
      'village',
      `/api/v1/notices/${xss.id}/objections/${filed.body.id}/resolve`,
      { resolution: '已复核，预算按定额编制。', resolvedOn: TODAY },
      200,
    );
    const text = (await t.http().get(`/public/notices/${xss.id}`).expect(200)).text;
    expect(text).toContain('&lt;b&gt;预算偏高&lt;/b&gt;，请说明');
    expect(text).toContain(`处理意见（${TODAY}）：</b>已复核，预算按定额编制。`);
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('张三');
  });

  it('serves the exact content bytes and entry bytes that the hashes cover', async () => {
    const content = await t
      .http()
      .get(`/public/notices/${xss.id}/content.json`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(content.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(sha256(content.body)).toBe(xss.contentHash);
    const entry = await t
      .http()
      .get(`/public/notices/${xss.id}/entry.json`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const stored = await t.app.get(JournalService).entry(COUNTY, xss.seq);
    const rehash = createHash('sha256')
      .update(Buffer.concat([Buffer.from(stored.prevHash, 'hex'), entry.body]))
      .digest('hex');
    expect(rehash).toBe(stored.hash);
    expect(JSON.parse(entry.body.toString('utf8')).payload).toMatchObject({
      noticeId: xss.id,
      contentHash: xss.contentHash,
    });
  });

  it('renders the verify page: raw material, no server verdict; says when no checkpoint covers it', async () => {
    const before = (await t.http().get(`/public/verify/${xss.id}`).expect(200)).text;
    const stored = await t.app.get(JournalService).entry(COUNTY, xss.seq);
    expect(before).toContain(`data-prev-hash="${stored.prevHash}"`);
    expect(before).toContain(`data-seq="${xss.seq}"`);
    expect(before).toContain('等待下一次签名检查点');
    expect(before).not.toContain('核验通过');
    const cp = await t.app.get(CheckpointService).checkpoint(COUNTY);
    const after = (await t.http().get(`/public/verify/${xss.id}`).expect(200)).text;
    expect(after).toContain(cp.rootHash);
    expect(after).toContain(`sunshine-ledger/${COUNTY}\n${cp.treeSize}\n`);
    expect(after).not.toContain('核验通过');
    expect(after).toContain(stored.hash);
  });

  it('links a corrected notice and its correction both ways and marks the old one 已更正', async () => {
    const first = await publishApplication(d, 'village', { name: '后街村 排水沟' });
    const body = {
      type: 'application',
      projectId: first.projectId,
      periodStart: TODAY,
      periodEnd: addDays(TODAY, 8),
      issuer: '后街村村民委员会',
      correctsNoticeId: first.id,
    };
    const fix = await d.post('village', '/api/v1/notices', body, 201);
    const old = (await t.http().get(`/public/notices/${first.id}`).expect(200)).text;
    expect(old).toContain(`本公示已被更正，请以更正后的公示为准：<a href="/public/notices/${fix.id}">`);
    const corrected = (await t.http().get(`/public/notices/${fix.id}`).expect(200)).text;
    expect(corrected).toContain(`本公示更正了：<a href="/public/notices/${first.id}">`);
    const list = (await t.http().get(`/public?region=${VILLAGE}`).expect(200)).text;
    expect(list).toMatch(
      new RegExp(`已更正</span><span class="tag">申报公示</span>\\s*<a href="/public/notices/${first.id}"`),
    );
  });

  it('answers unknown notices and files with a 404 page, and serves the scripts with an ETag', async () => {
    const missing = await t.http().get('/public/notices/00000000-0000-4000-8000-000000000000').expect(404);
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(missing.text).toContain('没有这份公示');
    await t.http().get('/public/notices/not-a-uuid').expect(404);
    await t.http().get('/public/verify/not-a-uuid').expect(404);
    await t.http().get('/public/notices/00000000-0000-4000-8000-000000000000/content.json').expect(404);
    await t.http().get('/public?region=12x').expect(404);
    for (const file of ['verify-primitives.js', 'verify-witness.js', 'verify.js']) {
      const js = await t.http().get(`/public/assets/${file}`).expect(200);
      expect(js.headers['content-type']).toBe('application/javascript; charset=utf-8');
      await t.http().get(`/public/assets/${file}`).set('If-None-Match', js.headers.etag).expect(304);
    }
    await t.http().get('/public/assets/nope.js').expect(404);
  });
});

/** superagent parser that keeps the body as the exact bytes sent. */
function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
