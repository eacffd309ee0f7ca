import { NoticeContent } from '../notice-content';
import { formatYuan } from './format';
import { pdfPages } from './pdf-text';
import { renderNoticePdf } from './render-notice-pdf';
import { fakeSeal, sampleAnnouncement, sampleApplication, sampleApproval, sampleCompletion } from './sample-notices';

const FULL_ID = /\d{17}[\dX]/;
/** pdftotext puts table cells of one line apart with tabs or spaces; compare without them. */
const squash = (s: string) => s.replace(/\s+/g, '');

async function render(content: NoticeContent, sealed = true) {
  const pdf = await renderNoticePdf(content, sealed ? fakeSeal(content) : null);
  const pages = pdfPages(pdf);
  return { pdf, pages, text: pages.join('\n') };
}

describe('renderNoticePdf', () => {
  it('prints title, issuer, period, fields with amounts in figures and capitals, hotline and seal', async () => {
    const content = sampleApplication();
    const seal = fakeSeal(content);
    const { pdf, pages, text } = await render(content);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const flat = squash(text);
    expect(flat).toContain(squash(content.title));
    expect(flat).toContain('郾城区新店镇刘庄村2026年度道路硬化项目');
    expect(flat).toContain('发布单位：刘庄村村民委员会');
    expect(flat).toContain('公示期：2026年3月1日至2026年3月8日');
    expect(flat).toContain('720,100.00元（人民币柒拾贰万零壹佰元整）');
    expect(flat).toContain('合计金额（大写）：人民币柒拾贰万零壹佰元整');
    expect(flat).toContain('424,800.00');
    expect(flat).toContain('监督举报电话：0395-3361200（本地）12317（全国）');
    expect(flat).toContain('2026年3月1日');
    // The seal is on every page.
    for (const page of pages) {
      expect(page).toContain(seal.contentHash);
      expect(squash(page)).toContain('账簿411103第1287号');
      expect(page).toContain('扫码核验');
    }
    expect(squash(pages[pages.length - 1])).toContain(`第${pages.length}页共${pages.length}页`);
  });

  it('prints only the national hotline when no local number was given', async () => {
    const content = { ...sampleApplication(), hotline: { local: '', national: '12317' } };
    const flat = squash((await render(content)).text);
    expect(flat).toContain('监督举报电话：12317（全国）');
    expect(flat).not.toContain('（本地）');
  });

  it('prints a preview band instead of hash and QR when the notice is not sealed', async () => {
    const content = sampleApplication();
    const { pages, text } = await render(content, false);
    for (const page of pages) expect(squash(page)).toContain('预览—未发布，不得张贴');
    expect(text).not.toContain(fakeSeal(content).contentHash);
    expect(text).not.toContain('扫码核验');
  });

  it('lists every household with its masked ID and never a full 18-digit ID', async () => {
    const content = sampleApproval(50);
    const { pdf, text } = await render(content);
    const rows = content.tables[0].rows;
    expect(rows).toHaveLength(50);
    for (const row of rows) {
      expect(row.id).toMatch(/^411103\*{8}\d{3}[\dX]$/);
      expect(text).toContain(row.id);
      expect(text).toContain(row.name);
    }
    expect(text).not.toMatch(FULL_ID);
    const total = content.tables[0].total!.amount;
    expect(total).toBe('248000.00');
    expect(squash(text)).toContain('合计金额（大写）：人民币贰拾肆万捌仟元整');
    expect(pdf.length).toBeLessThanOrEqual(200 * 1024);
  });

  it('prints the completion notice with asset lines and the household list', async () => {
    const content = sampleCompletion();
    const { text } = await render(content);
    const flat = squash(text);
    expect(flat).toContain('1,587,406.35元（人民币壹佰伍拾捌万柒仟肆佰零陆元叁角伍分）');
    expect(flat).toContain('ZC-411103-2026-0031');
    expect(flat).toContain('日光温室大棚');
    expect(flat).toContain('公示期：2026年9月20日至2026年9月25日');
    for (const row of content.tables[1].rows) expect(text).toContain(row.id);
    expect(text).not.toMatch(FULL_ID);
  });

  it('paginates a long announcement with page numbers and the table header repeated', async () => {
    const content = sampleAnnouncement(120);
    const { pages, text } = await render(content);
    const n = pages.length;
    expect(n).toBeGreaterThanOrEqual(5);
    pages.forEach((page, i) => expect(squash(page)).toContain(`第${i + 1}页共${n}页`));
    expect(squash(pages[0])).toContain('长期公告（自2026年2月15日起）');
    for (const page of pages.slice(1)) {
      const flat = squash(page);
      expect(flat).toContain('郾城区2026年度衔接资金项目分配明细表（续）');
      for (const label of ['序号', '乡镇', '项目名称', '建设内容', '中央', '省级', '市级', '区级', '合计'])
        expect(flat).toContain(label);
    }
    // Every row's total is there once, unwrapped (figures never wrap), and so is the grand total.
    for (const row of content.tables[0].rows) expect(text).toContain(formatYuan(row.all));
    const grand = content.tables[0].total!.all;
    expect(text).toContain(formatYuan(grand));
    expect(squash(pages[n - 1])).toContain('中央合计（大写）：人民币');
    expect(squash(pages[n - 1])).toContain('郾城区农业农村局（乡村振兴局）');
  });

  it('renders identical bytes for identical input', async () => {
    const content = sampleApproval(20);
    const seal = fakeSeal(content);
    const a = await renderNoticePdf(content, seal);
    const b = await renderNoticePdf(structuredClone(content), { ...seal });
    expect(a.equals(b)).toBe(true);
    const other = await renderNoticePdf({ ...content, issuedOn: '2026-03-02' }, seal);
    expect(other.equals(a)).toBe(false);
  });

  it('splits a cell taller than a page over pages without losing text', async () => {
    const long = Array.from({ length: 150 }, (_, i) => `第${i + 1}段：村民代表大会讨论记录要点，同意按程序申报。`).join(
      '',
    );
    const content: NoticeContent = {
      ...sampleApplication(),
      tables: [
        {
          title: '讨论记录',
          columns: [
            { key: 'no', label: '序号', kind: 'text', width: 1 },
            { key: 'note', label: '内容', kind: 'text', width: 6 },
          ],
          rows: [{ no: '1', note: long }],
        },
      ],
    };
    const { pages, text } = await render(content);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    // Drop each page's footer and the continued table's title and header: the cell's text is whole.
    const body = squash(text).replace(/内容哈希（SHA-256）.*?讨论记录（续）序号内容/g, '');
    expect(body).toContain(squash(long));
  });
});

describe('renderNoticePdf on awkward content', () => {
  it('renders empty, sparse and odd content without throwing and without inventing text', async () => {
    const content: NoticeContent = {
      ...sampleApplication(),
      title: '郾城区'.repeat(30) + '更正公示',
      correctsNoticeId: '5b2e7c1a-0000-4000-8000-000000000001',
      fields: [
        { label: '备注', value: 'https://example.cn/' + 'x'.repeat(300) },
        { label: '冲减金额', value: '-120.00', amountYuan: '-120.00' },
      ],
      tables: [
        { title: '空表', columns: [], rows: [] },
        {
          title: '无数据',
          columns: [
            { key: 'a', label: '项目', kind: 'text', width: 0 },
            { key: 'b', label: '金额(元)', kind: 'amount', width: 0 },
          ],
          rows: [{ a: '只有名称' }, { b: '12.50' }],
          total: { a: '合计', b: '-3.00' },
        },
      ],
    };
    const { pages, text } = await render(content);
    const flat = squash(text);
    expect(flat).toContain('更正说明：本公示更正此前发布的公示5b2e7c1a-0000-4000-8000-000000000001');
    expect(flat).toContain('-120.00元');
    expect(flat).toContain('x'.repeat(100));
    expect(flat).toContain('只有名称');
    expect(flat).toContain('12.50');
    expect(flat).not.toContain('大写');
    expect(flat).not.toContain('单位：元');
    expect(pages.length).toBeGreaterThanOrEqual(1);
  });
});
