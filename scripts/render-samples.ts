/**
 * Renders one sealed sample of each notice type to docs/samples/<type>.pdf and page 1 of each to
 * docs/samples/<type>-p1.png (pdftoppm from poppler-utils, 80 dpi). `npm run samples`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOTICE_TYPES } from '../src/notices/notice-content';
import { renderNoticePdf } from '../src/notices/pdf/render-notice-pdf';
import { fakeSeal, SAMPLE_BUILDERS } from '../src/notices/pdf/sample-notices';

async function main(): Promise<void> {
  const out = join(__dirname, '..', 'docs', 'samples');
  mkdirSync(out, { recursive: true });
  const preview = process.argv.includes('--preview');
  for (const type of NOTICE_TYPES) {
    const content = SAMPLE_BUILDERS[type]();
    const pdf = await renderNoticePdf(content, preview ? null : fakeSeal(content));
    const name = preview ? `${type}-preview` : type;
    const file = join(out, `${name}.pdf`);
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', '-f', '1', '-l', '1', file, join(out, `${name}-p1`)]);
    console.log(`${name}.pdf ${(pdf.length / 1024).toFixed(1)} KB`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
