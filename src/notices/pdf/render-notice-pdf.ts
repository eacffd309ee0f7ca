import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NoticeContent, NoticeSeal } from '../notice-content';

// Minimal first version (title, fields, rows as lines); the full layout follows.
let fontCache: { regular: Buffer; bold: Buffer } | null = null;
function fonts(): { regular: Buffer; bold: Buffer } {
  if (!fontCache) {
    const dir = join(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'), '..');
    fontCache = {
      regular: readFileSync(join(dir, '400Regular/NotoSansSC_400Regular.ttf')),
      bold: readFileSync(join(dir, '700Bold/NotoSansSC_700Bold.ttf')),
    };
  }
  return fontCache;
}

export function renderNoticePdf(content: NoticeContent, seal: NoticeSeal | null): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const f = fonts();
    doc.registerFont('R', f.regular);
    doc.registerFont('B', f.bold);
    doc.font('B').fontSize(16).text(content.title, { align: 'center' });
    doc.font('R').fontSize(10.5).text(content.preamble);
    for (const field of content.fields) doc.text(`${field.label}：${field.value}`);
    for (const table of content.tables) {
      doc.font('B').text(table.title);
      doc.font('R');
      for (const row of table.rows) doc.text(table.columns.map((c) => row[c.key] ?? '').join('  '));
    }
    doc.text(seal ? `${seal.contentHash}  账簿 ${seal.book} 第 ${seal.seq} 号` : '预览 — 未发布，不得张贴');
    doc.end();
  });
}
