import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The slice of a fontkit font that the layout uses; pdfkit accepts the font object itself. */
export interface FontkitFont {
  unitsPerEm: number;
  glyphForCodePoint(codePoint: number): { advanceWidth: number };
  layout(text: string): unknown;
}

export type FontName = 'R' | 'B';

const FONT_DIR = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
const FONT_FILES: Record<FontName, string> = {
  R: join(FONT_DIR, '400Regular/NotoSansSC_400Regular.ttf'),
  B: join(FONT_DIR, '700Bold/NotoSansSC_700Bold.ttf'),
};

/** Text widths from cached per-character advances: the layout measures a lot, and CJK has no kerning. */
export class WidthMeter {
  /** Advance in em by UTF-16 code unit (the BMP holds every character a notice prints); NaN = not looked up yet. */
  private readonly bmp = new Float64Array(0x10000).fill(NaN);
  private readonly astral = new Map<number, number>();
  constructor(private readonly font: FontkitFont) {}

  /** Width in points at `size`. */
  width(text: string, size: number): number {
    let units = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        units += this.advance(text.codePointAt(i)!);
        i++;
        continue;
      }
      let a = this.bmp[code];
      if (Number.isNaN(a)) a = this.bmp[code] = this.lookup(code);
      units += a;
    }
    return units * size;
  }

  /** Advance of one character in em. */
  advance(codePoint: number): number {
    if (codePoint < 0x10000) return this.width(String.fromCharCode(codePoint), 1);
    let a = this.astral.get(codePoint);
    if (a === undefined) this.astral.set(codePoint, (a = this.lookup(codePoint)));
    return a;
  }

  private lookup(codePoint: number): number {
    return this.font.glyphForCodePoint(codePoint).advanceWidth / this.font.unitsPerEm;
  }
}

export interface NoticeFonts {
  fonts: Record<FontName, FontkitFont>;
  meters: Record<FontName, WidthMeter>;
}

let cache: NoticeFonts | null = null;

/** The TTFs are parsed once per process; documents embed only the glyphs they use. fontkit is pdfkit's own. */
export function noticeFonts(): NoticeFonts {
  if (!cache) {
    const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as {
      create(buffer: Buffer): FontkitFont;
    };
    const R = fontkit.create(readFileSync(FONT_FILES.R));
    const B = fontkit.create(readFileSync(FONT_FILES.B));
    cache = { fonts: { R, B }, meters: { R: new WidthMeter(R), B: new WidthMeter(B) } };
  }
  return cache;
}

/** Font files, for scripts that want the raw bytes (the benchmark baseline). */
export const NOTICE_FONT_FILES = FONT_FILES;
