import type { Writable } from 'node:stream';
import { fenToYuan } from '../common/money';
import type { ExportColumn, ExportValue } from '../excel/export/sheet-writer';
import { paced, write } from './stream-output';

export const CSV_MIME = 'text/csv; charset=utf-8';
/** Excel and WPS read a CSV as UTF-8 only with this mark; otherwise as GBK, and the Chinese turns to mojibake. */
const BOM = '\uFEFF';
const NEEDS_QUOTES = /[",\r\n]/;
// A cell that starts like a formula is run by the spreadsheet that opens the file (CSV injection, OWASP):
// text starting so gets an apostrophe. Amounts are bigint fen here, so a negative amount is not text.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 field: amounts (bigint fen) as exact yuan strings, text quoted when it must be. */
export function csvField(value: ExportValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'bigint') return fenToYuan(value);
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (fields: string[]) => `${fields.join(',')}\r\n`;

/** Streams a CSV: BOM and header at once, then one write per batch, waiting while the reader is behind. */
export async function streamCsv<T>(
  out: Writable,
  columns: ExportColumn<T>[],
  batches: AsyncIterable<T[]>,
  onRows?: (n: number) => void,
): Promise<number> {
  await write(out, BOM + csvLine(columns.map((c) => csvField(c.header))));
  let rows = 0;
  for await (const batch of paced(out, batches)) {
    let text = '';
    for (const row of batch) text += csvLine(columns.map((c) => csvField(c.value(row, rows++))));
    await write(out, text);
    onRows?.(batch.length);
  }
  return rows;
}
