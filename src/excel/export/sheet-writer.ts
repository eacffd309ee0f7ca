import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { fenToYuan } from '../../common/money';

export type ExportValue = string | number | bigint | null | undefined;

/** One column of an export: bigint values are fen, written as yuan numbers `#,##0.00` and totalled. */
export interface ExportColumn<T> {
  header: string;
  width: number;
  money?: boolean;
  value: (row: T) => ExportValue;
}

export const MONEY_FORMAT = '#,##0.00';
const BATCH = 1000;

/** Streams a sheet row by row, then a 合计 row whose SUM formulas carry the exact total (in fen) as cached result. */
export async function streamSheet<T>(
  out: Writable,
  sheetName: string,
  columns: ExportColumn<T>[],
  pages: AsyncIterable<T[]>,
  options: { counts?: (row: T) => boolean; totalLabel?: string } = {},
): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Sunshine Ledger 阳光台账';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({
    header: c.header,
    key: `c${i}`,
    width: c.width,
    style: c.money ? { numFmt: MONEY_FORMAT } : {},
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  const totals = columns.map(() => 0n);
  let rows = 0;
  for await (const page of pages) {
    for (const item of page) {
      const counted = options.counts?.(item) ?? true;
      ws.addRow(
        columns.map((c, i) => {
          const v = c.value(item);
          if (typeof v === 'bigint') {
            if (counted) totals[i] += v;
            return Number(fenToYuan(v));
          }
          return v ?? null;
        }),
      ).commit();
      rows++;
    }
  }
  const last = rows + 1;
  const total = ws.addRow(
    columns.map((c, i) => {
      if (i === 0) return options.totalLabel ?? '合计';
      if (!c.money) return null;
      const letter = ws.getColumn(i + 1).letter;
      // A plain SUM would include rows the total leaves out (reversed payments): then the value only.
      const result = Number(fenToYuan(totals[i]));
      return options.counts || rows === 0 ? result : { formula: `SUM(${letter}2:${letter}${last})`, result };
    }),
  );
  total.font = { bold: true };
  total.commit();
  ws.commit();
  await wb.commit();
  return rows;
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
