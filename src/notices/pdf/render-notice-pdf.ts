import PDFDocument from 'pdfkit';
import { NOTICE_TYPE_NAMES, NoticeContent, NoticeSeal } from '../notice-content';
import { noticeFonts } from './fonts';
import { drawFooters } from './footer';
import { amountWithCapitals, chineseDate, periodLine } from './format';
import { Grid, RowStyle } from './grid';
import { drawNoticeTable } from './notice-table';
import { CONTENT_WIDTH, PAGE, PageFlow } from './page-flow';
import { qrPng } from './qr-png';
import { wrapText } from './text-wrap';

const BODY = 11;
const HEADER_FILL = '#e8e8e8';
const LABEL_WIDTH = 96;
/** U+3000, the full-width space that separates items on a Chinese line. */
const IDEO_SPACE = '\u3000';

/** An A4 PDF for a village board (`seal` null: a preview); created on the issue date, so the bytes are stable. */
export async function renderNoticePdf(content: NoticeContent, seal: NoticeSeal | null): Promise<Buffer> {
  const qr = seal ? qrPng(seal.verifyUrl) : null;
  const { fonts, meters } = noticeFonts();
  const issued = new Date(`${content.issuedOn}T00:00:00+08:00`);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, left: PAGE.left, right: PAGE.right, bottom: PAGE.footer },
    bufferPages: true,
    // No default Helvetica: pdfkit would parse its AFM metrics for every document and never use them.
    font: null as unknown as string,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: content.title,
      Author: content.issuer,
      Subject: NOTICE_TYPE_NAMES[content.type],
      Creator: 'Sunshine Ledger 阳光台账',
      CreationDate: Number.isNaN(issued.getTime()) ? new Date(0) : issued,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // pdfkit takes a parsed fontkit font as a font source; its types only list paths and buffers.
  doc.registerFont('R', fonts.R as unknown as Buffer);
  doc.registerFont('B', fonts.B as unknown as Buffer);

  const flow = new PageFlow(doc, meters);
  drawHead(flow, content);
  drawFields(flow, content);
  for (const table of content.tables) drawNoticeTable(flow, table);
  drawClosing(flow, content);
  drawFooters(flow, seal, qr);
  doc.end();
  return done;
}

function drawHead(flow: PageFlow, content: NoticeContent): void {
  drawTitle(flow, content.title);
  const period = periodLine(content.periodStart, content.periodEnd);
  flow.paragraph(`发布单位：${content.issuer}${IDEO_SPACE}${IDEO_SPACE}${period}`, {
    size: 10,
    align: 'center',
    gapAfter: 2,
  });
  if (content.correctsNoticeId) {
    flow.paragraph(`更正说明：本公示更正此前发布的公示 ${content.correctsNoticeId}，以本公示为准。`, {
      size: 9,
      align: 'center',
    });
  }
  flow.y += 8;
  if (content.preamble) flow.paragraph(content.preamble, { size: BODY, indent: true, gapAfter: 8 });
}

/** Bold centred title, shrunk a little to fit one line, else wrapped evenly so no lone 示 ends up alone. */
function drawTitle(flow: PageFlow, title: string): void {
  const width = (size: number) => flow.width(title, 'B', size);
  let size = 18;
  while (size > 16 && width(size) > CONTENT_WIDTH) size -= 0.5;
  const lh = size * 1.5;
  let lines = [title];
  if (width(size) > CONTENT_WIDTH) {
    const count = Math.ceil(width(size) / CONTENT_WIDTH);
    const even = Math.min(CONTENT_WIDTH, width(size) / count + size * 1.5);
    lines = wrapText(title, even, flow.meters.B, size);
  }
  for (const line of lines) {
    flow.ensure(lh);
    flow.putAligned(line, PAGE.left, CONTENT_WIDTH, flow.y, 'B', size, 'center');
    flow.y += lh;
  }
  flow.y += 4;
}

/** The labelled fields as a two-column form: shaded labels left, values wrapping on the right. */
function drawFields(flow: PageFlow, content: NoticeContent): void {
  if (content.fields.length === 0) return;
  const grid = new Grid(
    flow,
    [
      { width: LABEL_WIDTH, align: 'center' },
      { width: CONTENT_WIDTH - LABEL_WIDTH, align: 'left' },
    ],
    PAGE.left,
  );
  const style: RowStyle = { font: 'R', size: 10, cellFills: [HEADER_FILL, undefined], cellFonts: ['B', 'R'] };
  for (const field of content.fields) {
    const value = field.amountYuan ? amountWithCapitals(field.amountYuan) : field.value;
    grid.row([field.label, value], style);
  }
  flow.y += 10;
}

/** Hotline, then issuing unit and date flush right, kept together on one page like a signed notice. */
function drawClosing(flow: PageFlow, content: NoticeContent): void {
  const size = BODY;
  const hotlineHeight = size * 1.5 + 2;
  const lh = size * 1.5;
  const gap = 8;
  const issuerLines = wrapText(content.issuer, CONTENT_WIDTH * 0.6, flow.meters.R, size);
  flow.ensure(hotlineHeight + gap + lh * (issuerLines.length + 1));
  const { local, national } = content.hotline;
  // The local number is optional at publishing (API.md): without one, only the national line.
  const localPart = local ? `${local}（本地）${IDEO_SPACE}` : '';
  flow.paragraph(`监督举报电话：${localPart}${national}（全国）`, { size, indent: true, gapAfter: gap });
  // The date sits centred under the issuing unit, the block two characters in from the right.
  const lines = [...issuerLines, chineseDate(content.issuedOn)];
  const blockWidth = Math.max(...lines.map((l) => flow.width(l, 'R', size)));
  const x = PAGE.left + CONTENT_WIDTH - blockWidth - size * 2;
  for (const line of lines) {
    flow.putAligned(line, x, blockWidth, flow.y, 'R', size, 'center');
    flow.y += lh;
  }
}
