import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderNoticePdf } from './render-notice-pdf';
import { fakeSeal, SAMPLE_BUILDERS } from './sample-notices';

/** A4 in PostScript points, as pdfinfo prints it. */
/** PDF's standard 14 fonts need no embedding: every reader has them (the seal prints its hex hash in Courier). */
const STANDARD_14 = /^(Courier|Helvetica|Times|Symbol|ZapfDingbats)/;
const A4 = /Page size:\s+595\.28 x 841\.89 pts \(A4\)/;

/**
 * Each notice type, sealed and as a preview, checked by other people's tools: qpdf's structural check, and
 * poppler's pdffonts (every font but the standard 14 embedded, so the Chinese prints the same on any village's
 * printer) and pdfinfo.
 */
describe.each(Object.entries(SAMPLE_BUILDERS))('the %s notice PDF, checked by qpdf and poppler', (_type, build) => {
  it.each([true, false])(
    'sealed %s: qpdf --check passes, fonts embedded (but the standard 14), pages are A4',
    async (sealed) => {
      const content = build();
      const pdf = await renderNoticePdf(content, sealed ? fakeSeal(content) : null);
      const file = join(mkdtempSync(join(tmpdir(), 'notice-pdf-')), 'notice.pdf');
      writeFileSync(file, pdf);

      const qpdf = execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
      expect(qpdf).toContain('No syntax or stream encoding errors found');

      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
      expect(fonts.length).toBeGreaterThan(0);
      // Columns: name type encoding emb sub uni object ID; `emb` is the fourth from the end.
      const notEmbedded = fonts.filter((line) => line.trim().split(/\s+/).at(-5) !== 'yes').map((l) => l.split(' ')[0]);
      expect(notEmbedded.filter((name) => !STANDARD_14.test(name))).toEqual([]);
      expect(fonts.some((line) => /NotoSansSC-Regular\s.*\byes\s+yes\s+yes\b/.test(line))).toBe(true);

      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(A4);
    },
  );
});
