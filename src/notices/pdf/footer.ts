import { NoticeSeal } from '../notice-content';
import { CONTENT_WIDTH, PAGE, PageFlow } from './page-flow';

const QR_SIZE = 54;

/**
 * Footers go on last (bufferPages): "共 N 页" is known only then. Every sealed page carries the hash,
 * book/seq and QR, since sheets are pinned up side by side and each must verify on its own.
 */
export function drawFooters(flow: PageFlow, seal: NoticeSeal | null, qr: Buffer | null): void {
  const doc = flow.doc;
  const range = doc.bufferedPageRange();
  // openImage (untyped in @types/pdfkit) gives one XObject that every page references.
  const image = qr ? (doc as unknown as { openImage(src: Buffer): Buffer }).openImage(qr) : null;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const top = PAGE.height - PAGE.footer + 10;
    const pageLine = `第 ${i - range.start + 1} 页 共 ${range.count} 页`;
    doc
      .lineWidth(0.5)
      .strokeColor('#888888')
      .moveTo(PAGE.left, top)
      .lineTo(PAGE.left + CONTENT_WIDTH, top)
      .stroke();
    if (!seal || !image) {
      drawPreviewBand(flow, top + 8);
      flow.putAligned(pageLine, PAGE.left, CONTENT_WIDTH, top + 58, 'R', 8, 'center');
      continue;
    }
    const textWidth = CONTENT_WIDTH - QR_SIZE - 12;
    doc.fillColor('#333333');
    flow.put('内容哈希（SHA-256）', PAGE.left, top + 4, 'R', 7);
    putMono(flow, seal.contentHash, PAGE.left, top + 15, textWidth, 7);
    flow.put(`账簿 ${seal.book} 第 ${seal.seq} 号`, PAGE.left, top + 26, 'R', 7.5);
    putMono(flow, seal.verifyUrl, PAGE.left, top + 39, textWidth, 7);
    doc.fillColor('black');
    flow.putAligned(pageLine, PAGE.left, textWidth, top + 54, 'R', 8, 'center');
    const qx = PAGE.left + CONTENT_WIDTH - QR_SIZE;
    doc.image(image, qx, top + 4, { width: QR_SIZE, height: QR_SIZE });
    flow.putAligned('扫码核验', qx, QR_SIZE, top + 4 + QR_SIZE + 1, 'R', 7, 'center');
  }
}

/** Courier is one of the 14 standard PDF fonts: monospaced hex with nothing to embed. */
function putMono(flow: PageFlow, text: string, x: number, y: number, maxWidth: number, size: number): void {
  const fitted = Math.min(size, maxWidth / (text.length * 0.6));
  flow.doc
    .font('Courier')
    .fontSize(fitted)
    .text(text, x, y + (size - fitted) / 2, { lineBreak: false });
}

function drawPreviewBand(flow: PageFlow, y: number): void {
  const doc = flow.doc;
  doc.rect(PAGE.left, y, CONTENT_WIDTH, 40).fill('#fde8e8');
  doc.lineWidth(1.2).strokeColor('#c00000').rect(PAGE.left, y, CONTENT_WIDTH, 40).stroke();
  doc.fillColor('#c00000');
  flow.putAligned('预览 — 未发布，不得张贴', PAGE.left, CONTENT_WIDTH, y + 9, 'B', 15, 'center');
  doc.fillColor('black');
}
