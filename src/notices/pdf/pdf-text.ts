import { execFileSync } from 'node:child_process';

/** Each page's text, for tests, via poppler's pdftotext (pdf-parse needs a worker jest's VM cannot load). */
export function pdfPages(pdf: Buffer): string[] {
  let text: string;
  try {
    text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, maxBuffer: 64 << 20 }).toString('utf8');
  } catch (err) {
    throw new Error(`pdftotext (poppler-utils) failed or is not installed: ${(err as Error).message}`);
  }
  // pdftotext ends every page with a form feed.
  const pages = text.split('\f');
  if (pages[pages.length - 1].trim() === '') pages.pop();
  return pages;
}
