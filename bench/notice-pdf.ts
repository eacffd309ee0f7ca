/**
 * Notice PDF rendering next to a bare pdfkit baseline in the same run: the baseline writes the
 * same text lines with the same embedded font and no layout (pdfkit's own flow, no table, no
 * measuring, no footer pass). Bare pdfkit parses the 10 MB TTF for every document, which the
 * renderer does once per process; a second baseline reusing the parsed font shows the cost of
 * the layout alone.
 *
 *   npm run bench:pdf                        (BENCH_RUNS=15, BENCH_WARMUP=3)
 *
 * Exits 1 when a target is missed: 50-row approval ≤ 2× baseline and ≤ 200 KB; 1,000-row county
 * announcement ≤ 3× baseline and ≤ 2 s.
 */
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { NoticeContent } from '../src/notices/notice-content';
import { NOTICE_FONT_FILES, noticeFonts } from '../src/notices/pdf/fonts';
import { renderNoticePdf } from '../src/notices/pdf/render-notice-pdf';
import { fakeSeal, sampleAnnouncement, sampleApproval } from '../src/notices/pdf/sample-notices';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** The baseline reads the font file once, as any sensible script would; pdfkit parses it per document. */
const FONT = readFileSync(NOTICE_FONT_FILES.R);

/** Every text the notice prints, one line per field, table row and closing item. */
function textLines(c: NoticeContent): string[] {
  const lines = [c.title, `发布单位：${c.issuer}`, c.preamble, ...c.fields.map((f) => `${f.label}：${f.value}`)];
  for (const t of c.tables) {
    lines.push(t.title, t.columns.map((col) => col.label).join(' '));
    for (const row of [...t.rows, ...(t.total ? [t.total] : [])])
      lines.push(t.columns.map((col) => row[col.key] ?? '').join(' '));
  }
  lines.push(`监督举报电话：${c.hotline.local} ${c.hotline.national}`, c.issuer, c.issuedOn);
  return lines;
}

/** `font`: the file's bytes (bare pdfkit parses them per document) or the parsed font the renderer reuses. */
function baseline(lines: string[], font: Buffer = FONT): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('R', font);
    doc.font('R').fontSize(9.5);
    for (const line of lines) doc.text(line);
    doc.end();
  });
}

const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Case {
  name: string;
  content: NoticeContent;
  maxRatio: number;
  maxMs: number;
  maxBytes: number;
}

async function measure(c: Case): Promise<boolean> {
  const lines = textLines(c.content);
  const seal = fakeSeal(c.content);
  const ours = () => renderNoticePdf(c.content, seal);
  const base = () => baseline(lines);
  const parsed = noticeFonts().fonts.R as unknown as Buffer;
  const baseParsed = () => baseline(lines, parsed);
  for (let i = 0; i < WARMUP; i++) {
    await base();
    await baseParsed();
    await ours();
  }
  // Interleaved, so all three see the same load from whatever else runs on the machine.
  const times = { base: [] as number[], parsed: [] as number[], ours: [] as number[] };
  let size = { base: 0, ours: 0 };
  for (let i = 0; i < RUNS; i++) {
    let t = now();
    const b = await base();
    times.base.push(now() - t);
    t = now();
    await baseParsed();
    times.parsed.push(now() - t);
    t = now();
    const o = await ours();
    times.ours.push(now() - t);
    size = { base: b.length, ours: o.length };
  }
  const mb = median(times.base);
  const mp = median(times.parsed);
  const mo = median(times.ours);
  const ratio = mo / mb;
  const ok = ratio <= c.maxRatio && mo <= c.maxMs && size.ours <= c.maxBytes;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `${c.name.padEnd(34)} baseline ${mb.toFixed(1).padStart(7)} ms ${kb(size.base).padStart(9)} | ` +
      `notice ${mo.toFixed(1).padStart(7)} ms ${kb(size.ours).padStart(9)} | ` +
      `ratio ${ratio.toFixed(2)} (≤ ${c.maxRatio}) ${ok ? 'ok' : 'MISSED'}` +
      `\n${''.padEnd(34)} baseline with the parsed font reused ${mp.toFixed(1)} ms ` +
      `→ layout ratio ${(mo / mp).toFixed(2)}` +
      `; notice min/max ${Math.min(...times.ours).toFixed(1)}/${Math.max(...times.ours).toFixed(1)} ms`,
  );
  return ok;
}

async function main(): Promise<void> {
  console.log(`median of ${RUNS} runs after ${WARMUP} warm-up renders each; Node ${process.version}`);
  const cases: Case[] = [
    {
      name: 'approval notice, 50 households',
      content: sampleApproval(50),
      maxRatio: 2,
      maxMs: Infinity,
      maxBytes: 200 * 1024,
    },
    {
      name: 'county announcement, 1,000 rows',
      content: sampleAnnouncement(1000),
      maxRatio: 3,
      maxMs: 2000,
      maxBytes: Infinity,
    },
  ];
  let ok = true;
  for (const c of cases) ok = (await measure(c)) && ok;
  if (!ok) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
