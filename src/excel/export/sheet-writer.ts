import { StreamableFile } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { fenToYuan } from '../../common/money';
import { contentDisposition } from '../../common/download';
import { XLSX_MIME } from '../templates';
import { columnLetter, MAX_SHEET_ROWS, XlsxStreamWriter } from './xlsx-stream';

export type ExportValue = string | number | bigint | null | undefined;

/** One column of an export: bigint values are fen, written as yuan numbers `#,##0.00` and totalled. */
export interface ExportColumn<T> {
  header: string;
  width: number;
  money?: boolean;
  /** Long text: wrapped within the column width. */
  wrap?: boolean;
  /** `index` counts the rows of the sheet from 0, for a 序号 column. */
  value: (row: T, index: number) => ExportValue;
}

export interface SheetOptions<T> {
  /** The last row: 'sum' = SUM formulas carrying the exact total as cached result, 'values' = the totals alone. */
  totals?: 'sum' | 'values' | 'none';
  totalLabel?: string;
  /** Rows left out of the totals (reversed payments); a SUM would include them, so then the totals are values. */
  counts?: (row: T) => boolean;
}

export const MONEY_FORMAT = '#,##0.00';
const BATCH = 1000;
const CREATOR = 'Sunshine Ledger 阳光台账';

export function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = CREATOR;
  return wb;
}

/**
 * Adds a sheet with a bold frozen header to a workbook in memory or to a streaming one (each row committed as it
 * is written), then the 合计 row; amounts are added in fen, so the totals are exact. Answers the number of rows.
 */
export async function addSheet<T>(
  wb: ExcelJS.Workbook | ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: ExportColumn<T>[],
  pages: Iterable<T[]> | AsyncIterable<T[]>,
  options: SheetOptions<T> = {},
): Promise<number> {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  // A wrapped row is tall: every cell then reads from the top.
  const top = columns.some((c) => c.wrap);
  ws.columns = columns.map((c, i) => ({
    header: c.header,
    key: `c${i}`,
    width: c.width,
    style: {
      ...(c.money ? { numFmt: MONEY_FORMAT } : {}),
      ...(top ? { alignment: { wrapText: !!c.wrap, vertical: 'top' as const } } : {}),
    },
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  const totals = columns.map(() => 0n);
  let rows = 0;
  for await (const page of pages) {
    for (const item of page) {
      const counted = options.counts?.(item) ?? true;
      const values = columns.map((c, i) => {
        const v = c.value(item, rows);
        if (typeof v !== 'bigint') return v ?? null;
        if (counted) totals[i] += v;
        return Number(fenToYuan(v));
      });
      ws.addRow(values).commit();
      rows++;
    }
  }
  const mode = options.totals ?? 'values';
  if (mode === 'none') return rows;
  const formulas = mode === 'sum' && !options.counts && rows > 0;
  const total = ws.addRow(
    columns.map((c, i) => {
      if (i === 0) return options.totalLabel ?? '合计';
      if (!c.money) return null;
      const result = Number(fenToYuan(totals[i]));
      const letter = ws.getColumn(i + 1).letter;
      return formulas ? { formula: `SUM(${letter}2:${letter}${rows + 1})`, result } : result;
    }),
  );
  total.font = { bold: true };
  total.commit();
  return rows;
}

/**
 * Streams one table row by row in constant memory (src/excel/export/xlsx-stream.ts), going on in a next sheet past
 * Excel's row limit; the 合计 row is a SUM formula carrying the exact total, or the total alone when some rows are
 * left out of it or the table spans sheets.
 */
export async function streamSheet<T>(
  out: Writable,
  sheetName: string,
  columns: ExportColumn<T>[],
  pages: AsyncIterable<T[]>,
  options: Omit<SheetOptions<T>, 'totals'> & { sheetRows?: number } = {},
): Promise<number> {
  const sheetRows = options.sheetRows ?? MAX_SHEET_ROWS;
  const book = new XlsxStreamWriter(out, CREATOR);
  const totals = columns.map(() => 0n);
  let rows = 0;
  let sheets = 0;
  const nextSheet = () => book.startSheet(sheets++ ? `${sheetName} (${sheets})` : sheetName, columns);
  await nextSheet();
  for await (const page of pages) {
    for (const item of page) {
      if (book.rowsInSheet >= sheetRows - 1) await nextSheet();
      const counted = options.counts?.(item) ?? true;
      await book.row(
        columns.map((c, i) => {
          const v = c.value(item, rows);
          if (typeof v !== 'bigint') return v === null || v === undefined ? v : typeof v === 'number' ? v : String(v);
          if (counted) totals[i] += v;
          return { number: fenToYuan(v) };
        }),
      );
      rows++;
    }
  }
  const formulas = !options.counts && sheets === 1 && rows > 0;
  const last = book.rowsInSheet;
  await book.row(
    columns.map((c, i) => {
      if (i === 0) return options.totalLabel ?? '合计';
      if (!c.money) return null;
      const letter = columnLetter(i);
      const result = fenToYuan(totals[i]);
      return formulas ? { formula: `SUM(${letter}2:${letter}${last})`, result } : { number: result };
    }),
    true,
  );
  await book.finish();
  return rows;
}

/** A finished workbook as a download: an ASCII file name, and the Chinese one for browsers that read RFC 5987. */
export async function xlsxFile(wb: ExcelJS.Workbook, asciiName: string, name: string): Promise<StreamableFile> {
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return new StreamableFile(buffer, {
    type: XLSX_MIME,
    disposition: contentDisposition('attachment', `${asciiName}.xlsx`, `${name}.xlsx`),
    length: buffer.length,
  });
}

/** Keyset pages of a query ordered by a unique key, so an export of any size reads in slices. */
export async function* pagesOf<T>(fetch: (after: T | undefined, limit: number) => Promise<T[]>): AsyncIterable<T[]> {
  let after: T | undefined;
  for (;;) {
    const page = await fetch(after, BATCH);
    if (page.length) yield page;
    if (page.length < BATCH) return;
    after = page[page.length - 1];
  }
}
