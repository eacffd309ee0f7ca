import type PDFDocument from 'pdfkit';
import { FontName, WidthMeter } from './fonts';
import { wrapText } from './text-wrap';

type Doc = InstanceType<typeof PDFDocument>;
export type Align = 'left' | 'center' | 'right';

/** A4 portrait in points, with margins wide enough for drawing pins on a notice board. */
export const PAGE = { width: 595.28, height: 841.89, left: 62, right: 62, top: 60, footer: 112 } as const;
export const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
/** Noto Sans SC's ascent + descent is 1.448 em; a little air on top of that. */
export const LINE_FACTOR = 1.5;

/** The write position and page breaks, so nothing drawn crosses the footer zone or the right margin. */
export class PageFlow {
  y: number = PAGE.top;
  readonly bottom = PAGE.height - PAGE.footer;

  constructor(
    readonly doc: Doc,
    readonly meters: Record<FontName, WidthMeter>,
  ) {}

  newPage(): void {
    this.doc.addPage();
    this.y = PAGE.top;
  }

  /** Starts a new page unless `height` still fits below the current position. */
  ensure(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }

  /** True when `height` would fit on an empty page at all. */
  fitsOnEmptyPage(height: number): boolean {
    return PAGE.top + height <= this.bottom;
  }

  width(text: string, font: FontName, size: number): number {
    return this.meters[font].width(text, size);
  }

  /** One line of text with its top at `y`, never wrapped by pdfkit. */
  put(text: string, x: number, y: number, font: FontName, size: number, extra: PDFKit.Mixins.TextOptions = {}): void {
    if (!text) return;
    this.doc
      .font(font)
      .fontSize(size)
      .text(text, x, y, { lineBreak: false, ...extra });
  }

  /** A line aligned inside [x, x + width]. */
  putAligned(text: string, x: number, width: number, y: number, font: FontName, size: number, align: Align): void {
    const w = align === 'left' ? 0 : this.width(text, font, size);
    const dx = align === 'left' ? 0 : align === 'right' ? width - w : (width - w) / 2;
    this.put(text, x + Math.max(0, dx), y, font, size);
  }

  /** A paragraph: first line indented two characters (首行缩进), full lines justified by letter spacing. */
  paragraph(
    text: string,
    opts: { font?: FontName; size: number; indent?: boolean; align?: Align; gapAfter?: number },
  ): void {
    const font = opts.font ?? 'R';
    const lh = opts.size * LINE_FACTOR + 2;
    for (const para of text.split('\n')) {
      const indent = opts.indent ? opts.size * 2 : 0;
      const lines = wrapText(para, CONTENT_WIDTH, this.meters[font], opts.size, indent);
      lines.forEach((line, i) => {
        this.ensure(lh);
        const x = PAGE.left + (i === 0 ? indent : 0);
        const avail = CONTENT_WIDTH - (i === 0 ? indent : 0);
        if (opts.align && opts.align !== 'left') {
          this.putAligned(line, x, avail, this.y, font, opts.size, opts.align);
        } else {
          const slack = avail - this.width(line, font, opts.size);
          const gaps = Array.from(line).length - 1;
          const last = i === lines.length - 1;
          const spacing = !last && gaps > 0 && slack > 0 && slack / gaps < opts.size * 0.25 ? slack / gaps : 0;
          this.put(line, x, this.y, font, opts.size, spacing ? { characterSpacing: spacing } : {});
        }
        this.y += lh;
      });
    }
    this.y += opts.gapAfter ?? 0;
  }
}
