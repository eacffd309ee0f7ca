import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { contentDisposition } from '../../common/download';
import { addSheet, ExportColumn, newWorkbook, streamSheet, xlsxFile } from './sheet-writer';

interface Line {
  name: string;
  amount: bigint;
  note: string;
  kept: boolean;
}

const COLUMNS: ExportColumn<Line>[] = [
  { header: '序号', width: 6, value: (_, i) => i + 1 },
  { header: '名称', width: 20, value: (l) => l.name },
  { header: '金额(元)', width: 16, money: true, value: (l) => l.amount },
  { header: '说明', width: 60, wrap: true, value: (l) => l.note },
];
const LINES: Line[] = [
  { name: '甲', amount: 10n, note: 'a', kept: true },
  { name: '乙', amount: 123456789n, note: 'b', kept: false },
  { name: '丙', amount: -5n, note: 'c', kept: true },
];

async function reread(wb: ExcelJS.Workbook): Promise<ExcelJS.Worksheet> {
  const back = new ExcelJS.Workbook();
  await back.xlsx.load((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  return back.worksheets[0];
}

async function streamed(options: { counts?: (l: Line) => boolean } = {}): Promise<ExcelJS.Worksheet> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  async function* pages() {
    yield LINES.slice(0, 2);
    yield LINES.slice(2);
  }
  expect(await streamSheet(out, '明细', COLUMNS, pages(), options)).toBe(3);
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return back.worksheets[0];
}

const values = (ws: ExcelJS.Worksheet) => {
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
};

describe('addSheet', () => {
  it('writes the same cells to a workbook in memory and to a streaming one; totals exact in fen', async () => {
    const wb = newWorkbook();
    expect(await addSheet(wb, '明细', COLUMNS, [LINES])).toBe(3);
    const memory = await reread(wb);
    const stream = await streamed();
    const body = [
      ['序号', '名称', '金额(元)', '说明'],
      [1, '甲', 0.1, 'a'],
      [2, '乙', 1234567.89, 'b'],
      [3, '丙', -0.05, 'c'],
    ];
    expect(values(memory)).toEqual([...body, ['合计', undefined, 1234567.94]]);
    // Streamed: the total is a SUM formula carrying the same exact total.
    expect(values(stream).slice(0, 4)).toEqual(body);
    expect(stream.getRow(5).getCell(3).value).toEqual({ formula: 'SUM(C2:C4)', result: 1234567.94 });
    for (const ws of [memory, stream]) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(ws.getRow(2).getCell(3).numFmt).toBe('#,##0.00');
      expect(ws.getRow(2).getCell(4).alignment).toMatchObject({ wrapText: true, vertical: 'top' });
      // Beside a wrapped column every cell reads from the top, but only the long text wraps.
      expect(ws.getRow(2).getCell(2).alignment?.vertical).toBe('top');
      expect(ws.getRow(2).getCell(2).alignment?.wrapText).toBeFalsy();
    }
  });

  it('leaves rows out of the totals as values, and writes no totals row when asked', async () => {
    const stream = await streamed({ counts: (l) => l.kept });
    expect(stream.getRow(5).getCell(3).value).toBe(0.05);
    const wb = newWorkbook();
    await addSheet(wb, '明细', COLUMNS, [LINES], { totals: 'none' });
    expect((await reread(wb)).rowCount).toBe(4);
  });

  it('answers an .xlsx download with an ASCII name and the Chinese one (RFC 5987)', async () => {
    const wb = newWorkbook();
    await addSheet(wb, '明细', COLUMNS, [[]]);
    const file = await xlsxFile(wb, 'trace-1', '资金追溯-豫财农〔2024〕1号');
    const headers = file.getHeaders();
    expect(headers.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(headers.disposition).toBe(
      `attachment; filename="trace-1.xlsx"; filename*=UTF-8''${encodeURIComponent('资金追溯-豫财农〔2024〕1号.xlsx')}`,
    );
    expect(contentDisposition('inline', 'n.pdf', '公告.pdf')).toBe(
      `inline; filename="n.pdf"; filename*=UTF-8''%E5%85%AC%E5%91%8A.pdf`,
    );
  });
});
