import ExcelJS from 'exceljs';
import { DomainError } from '../../common/errors/domain-error';
import { Plain, plainOf } from './cell-values';
import { checkXlsxSize } from './zip-guard';

/** One column a clerk may label in Chinese or English; matching ignores spaces, case and （）/(). */
export interface ColumnSpec<K extends string = string> {
  key: K;
  header: string;
  aliases: string[];
  required: boolean;
  /** What the notes sheet of the template says about it. */
  note: string;
  example: string | number;
}

export interface SheetRow<K extends string> {
  /** The row number Excel shows. */
  row: number;
  cells: Partial<Record<K, Plain>>;
}

export interface ParsedSheet<K extends string> {
  rows: SheetRow<K>[];
  /** Each recognised column as it is labelled in the file, for the report. */
  labels: Partial<Record<K, string>>;
}

/** Beyond this an import is a job for several files (or the CLI with a larger limit). */
export const MAX_IMPORT_ROWS = 20_000;
const HEADER_SEARCH_ROWS = 5;
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

const normalise = (text: string) =>
  text
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[:：*]/g, '')
    .toLowerCase();

const bad = (message: string, details?: unknown) => new DomainError('VALIDATION_FAILED', message, details);

/** Opens an .xlsx, refusing what is not one with a message a clerk can act on. */
export async function loadWorkbook(buffer: Buffer | undefined): Promise<ExcelJS.Workbook> {
  if (!buffer || buffer.length === 0)
    throw bad('No file, or an empty file; upload an .xlsx in the field "file" / 未上传文件或文件为空');
  if (!buffer.subarray(0, 4).equals(ZIP_MAGIC)) {
    throw bad(
      'This is not an .xlsx workbook (.xls, .csv and other formats are not accepted; ' +
        'save as Excel 工作簿 .xlsx) / 文件不是 .xlsx 格式',
    );
  }
  const damaged = () => bad('The .xlsx file is damaged or not an Excel workbook / 文件已损坏或不是 Excel 工作簿');
  if (!(await checkXlsxSize(buffer))) throw damaged();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw damaged();
  }
  return workbook;
}

/**
 * Rows of the first sheet, keyed by column. The header is the first top row naming two known columns;
 * unknown columns (备注 …) are ignored, a missing required one refuses the file.
 */
export function readSheet<K extends string>(workbook: ExcelJS.Workbook, columns: ColumnSpec<K>[]): ParsedSheet<K> {
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.actualRowCount === 0)
    throw bad('The workbook has no data: its first sheet is empty / 工作表为空');
  const byAlias = new Map<string, K>();
  for (const c of columns) for (const a of [c.header, c.key, ...c.aliases]) byAlias.set(normalise(a), c.key);

  let headerRow = 0;
  let positions = new Map<number, K>();
  let labels: Partial<Record<K, string>> = {};
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, sheet.rowCount) && !headerRow; r++) {
    const found = new Map<number, K>();
    const named: Partial<Record<K, string>> = {};
    sheet.getRow(r).eachCell((cell, col) => {
      const text = plainOf(cell.value);
      const key = typeof text === 'string' ? byAlias.get(normalise(text)) : undefined;
      if (!key) return;
      if (named[key] !== undefined)
        throw bad(`Columns "${named[key]}" and "${text}" are the same column / 表头重复: ${text}`);
      found.set(col, key);
      named[key] = String(text).trim();
    });
    if (found.size >= 2) [headerRow, positions, labels] = [r, found, named];
  }
  const present = new Set(positions.values());
  const missing = columns.filter((c) => c.required && !present.has(c.key)).map((c) => c.header);
  if (missing.length)
    throw bad(`The header row lacks required columns: ${missing.join(', ')} / 缺少必填列`, { missingColumns: missing });

  const rows: SheetRow<K>[] = [];
  // eachRow visits stored rows only: a sheet formatted down to row 1 048 576 costs nothing extra.
  sheet.eachRow((row, r) => {
    if (r <= headerRow) return;
    const cells: Partial<Record<K, Plain>> = {};
    let any = false;
    for (const [col, key] of positions) {
      const value = plainOf(row.getCell(col).value);
      cells[key] = value;
      any ||= value !== null;
    }
    if (!any) return;
    if (rows.length >= MAX_IMPORT_ROWS)
      throw bad(`At most ${MAX_IMPORT_ROWS} rows per file; split the file / 单个文件最多 ${MAX_IMPORT_ROWS} 行`);
    rows.push({ row: r, cells });
  });
  if (!rows.length) throw bad('The sheet has a header but no data rows / 没有数据行');
  return { rows, labels };
}
