import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { addSheet, ExportColumn, newWorkbook, streamSheet } from './sheet-writer';
import { columnLetter, XlsxStreamWriter } from './xlsx-stream';

/** Collects what the writer sends, and how much had arrived at each moment we ask. */
function sink() {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { out, bytes: () => chunks.reduce((n, c) => n + c.length, 0), file: () => Buffer.concat(chunks) };
}

/** Reads a workbook with Debian's openpyxl: per sheet, its title, rows and the number format of B2. */
function openpyxl(file: Buffer): { title: string; rows: unknown[][]; moneyFormat: string; frozen: string }[] {
  const path = join(mkdtempSync(join(tmpdir(), 'xlsx-')), 'book.xlsx');
  writeFileSync(path, file);
  const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(json.dumps([{"title": ws.title, "rows": [list(r) for r in ws.iter_rows(values_only=True)],
  "moneyFormat": ws["B2"].number_format, "frozen": ws.freeze_panes} for ws in wb.worksheets], default=str))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' }));
}

interface Line {
  name: string;
  fen: bigint;
}
const COLUMNS: ExportColumn<Line>[] = [
  { header: '名称', width: 20, value: (l) => l.name },
  { header: '金额(元)', width: 16, money: true, value: (l) => l.fen },
];
async function* pages(lines: Line[], size = 1000) {
  for (let i = 0; i < lines.length; i += size) yield lines.slice(i, i + size);
}

describe('XlsxStreamWriter', () => {
  it('names columns as Excel does', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual([
      'A',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('sends the file while rows are still being written (constant memory)', async () => {
    const { out, bytes } = sink();
    const book = new XlsxStreamWriter(out);
    await book.startSheet('明细', [{ header: '说明', width: 40 }]);
    for (let i = 0; i < 60_000; i++) await book.row([`第${i}行 ${Math.random().toString(36)}`]);
    // Random text compresses poorly, so most of the sheet must have left before finish().
    expect(bytes()).toBeGreaterThan(1_000_000);
    await book.finish();
  });

  it('writes what openpyxl reads back: text, exact yuan, the SUM total, a frozen header', async () => {
    const { out, file } = sink();
    const lines: Line[] = [
      { name: '甲 <&> "引号"', fen: 1n },
      { name: ' 前后空格 ', fen: 123456789012n },
      { name: '=1+1', fen: -5n },
    ];
    expect(await streamSheet(out, '支付明细', COLUMNS, pages(lines))).toBe(3);
    const [sheet] = openpyxl(file());
    expect(sheet.title).toBe('支付明细');
    expect(sheet.frozen).toBe('A2');
    expect(sheet.moneyFormat).toBe('#,##0.00');
    expect(sheet.rows).toEqual([
      ['名称', '金额(元)'],
      ['甲 <&> "引号"', 0.01],
      [' 前后空格 ', 1234567890.12],
      ['=1+1', -0.05],
      ['合计', '=SUM(B2:B4)'],
    ]);
  });

  it('goes on in a next sheet past the row limit, the total then a value over all sheets', async () => {
    const { out, file } = sink();
    const lines = Array.from({ length: 7 }, (_, i) => ({ name: `第${i + 1}笔`, fen: BigInt(i + 1) * 100n }));
    expect(await streamSheet(out, '分录', COLUMNS, pages(lines, 2), { sheetRows: 4 })).toBe(7);
    const sheets = openpyxl(file());
    // Each sheet keeps its last row free for the total: two lines per sheet of four rows.
    expect(sheets.map((s) => s.title)).toEqual(['分录', '分录 (2)', '分录 (3)', '分录 (4)']);
    expect(sheets.map((s) => s.rows.length)).toEqual([3, 3, 3, 3]);
    expect(sheets[1].rows[0]).toEqual(['名称', '金额(元)']);
    expect(sheets[3].rows).toEqual([
      ['名称', '金额(元)'],
      ['第7笔', 7],
      ['合计', 28],
    ]);
  });

  it('the workbooks built in memory (traces, findings) read back in openpyxl too', async () => {
    const wb = newWorkbook();
    await addSheet(wb, '追溯', COLUMNS, [[{ name: '甲', fen: 123n }]]);
    const [sheet] = openpyxl(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(sheet.title).toBe('追溯');
    expect(sheet.moneyFormat).toBe('#,##0.00');
    expect(sheet.rows).toEqual([
      ['名称', '金额(元)'],
      ['甲', 1.23],
      ['合计', 1.23],
    ]);
  });
});
