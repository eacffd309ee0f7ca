import { FontName } from './fonts';
import { Align, LINE_FACTOR, PageFlow } from './page-flow';
import { wrapText } from './text-wrap';

export interface GridColumn {
  width: number;
  align: Align;
  /** Amount columns never wrap: a figure split over two lines is misread, so the size shrinks instead. */
  noWrap?: boolean;
}

export interface RowStyle {
  font: FontName;
  size: number;
  fill?: string;
  /** Overrides the column alignment (headers are centred). */
  align?: Align;
  /** Per-cell fill, e.g. the shaded label column of the fields block. */
  cellFills?: Array<string | undefined>;
  cellFonts?: FontName[];
}

interface LaidCell {
  lines: string[];
  size: number;
}

export const GRID_PAD_X = 4;
const PAD_X = GRID_PAD_X;
const PAD_Y = 3.5;
const MIN_SIZE = 6;
const BORDER = 0.6;

/** A bordered grid over pages: a row that does not fit moves on, a row taller than a page is split by lines. */
export class Grid {
  private readonly xs: number[];

  constructor(
    private readonly flow: PageFlow,
    private readonly columns: GridColumn[],
    left: number,
  ) {
    this.xs = [left];
    for (const c of columns) this.xs.push(this.xs[this.xs.length - 1] + c.width);
  }

  /** Draws one row; `onNewPage` runs after every page break this row causes (repeat the header there). */
  row(cells: string[], style: RowStyle, onNewPage?: () => void): void {
    const laid = cells.map((text, i) => this.layCell(text ?? '', i, style));
    const lh = (c: LaidCell) => c.size * LINE_FACTOR;
    const heightOf = (from: number[]) =>
      Math.max(...laid.map((c, i) => (c.lines.length - from[i]) * lh(c))) + 2 * PAD_Y;
    let from = laid.map(() => 0);
    let height = heightOf(from);
    if (this.flow.y + height > this.flow.bottom && this.flow.fitsOnEmptyPage(height)) {
      this.flow.newPage();
      onNewPage?.();
    }
    for (;;) {
      const room = this.flow.bottom - this.flow.y;
      if (height <= room) {
        this.drawSlice(laid, from, null, height, style);
        this.flow.y += height;
        return;
      }
      // Taller than what is left of a page: draw the lines that fit and carry the rest over.
      const fits = laid.map((c) => Math.max(0, Math.floor((room - 2 * PAD_Y) / lh(c))));
      if (fits.some((n, i) => n > 0 && from[i] < laid[i].lines.length)) {
        const to = laid.map((c, i) => Math.min(c.lines.length, from[i] + fits[i]));
        this.drawSlice(laid, from, to, room, style);
        from = to;
        height = heightOf(from);
      }
      this.flow.newPage();
      onNewPage?.();
    }
  }

  private layCell(text: string, i: number, style: RowStyle): LaidCell {
    const col = this.columns[i];
    const font = style.cellFonts?.[i] ?? style.font;
    const inner = col.width - 2 * PAD_X;
    const meter = this.flow.meters[font];
    if (col.noWrap && !text.includes('\n')) {
      const w = meter.width(text, style.size);
      if (w <= inner) return { lines: [text], size: style.size };
      const size = (style.size * inner) / w;
      if (size >= MIN_SIZE) return { lines: [text], size: Math.floor(size * 10) / 10 };
    }
    return { lines: wrapText(text, inner, meter, style.size), size: style.size };
  }

  private drawSlice(laid: LaidCell[], from: number[], to: number[] | null, height: number, style: RowStyle): void {
    const doc = this.flow.doc;
    const y = this.flow.y;
    const x0 = this.xs[0];
    const x1 = this.xs[this.xs.length - 1];
    if (style.fill) doc.rect(x0, y, x1 - x0, height).fill(style.fill);
    style.cellFills?.forEach((fill, i) => {
      if (fill) doc.rect(this.xs[i], y, this.columns[i].width, height).fill(fill);
    });
    doc.fillColor('black');
    laid.forEach((cell, i) => {
      const font = style.cellFonts?.[i] ?? style.font;
      const align = style.align ?? this.columns[i].align;
      const lines = cell.lines.slice(from[i], to ? to[i] : undefined);
      const lh = cell.size * LINE_FACTOR;
      // Cells shorter than the row are centred vertically, as in printed forms.
      let ty = y + (height - lines.length * lh) / 2 + (cell.size * (LINE_FACTOR - 1.448)) / 2;
      if (to) ty = y + PAD_Y;
      for (const line of lines) {
        this.flow.putAligned(line, this.xs[i] + PAD_X, this.columns[i].width - 2 * PAD_X, ty, font, cell.size, align);
        ty += lh;
      }
    });
    doc.lineWidth(BORDER).strokeColor('black');
    doc.rect(x0, y, x1 - x0, height);
    for (let i = 1; i < this.xs.length - 1; i++) doc.moveTo(this.xs[i], y).lineTo(this.xs[i], y + height);
    doc.stroke();
  }
}
