import ExcelJS from 'exceljs';
import type { Response } from 'supertest';

type Cell = string | number | Date | null | { formula: string; result: number };

/** An .xlsx in memory: a header row and data rows, on the first sheet. */
export async function xlsx(
  header: string[],
  rows: Cell[][],
  { sheet = 'Sheet1', textColumns = [] as number[] } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const c of textColumns) ws.getColumn(c).numFmt = '@';
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function emptyWorkbook(withSheet: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  if (withSheet) wb.addWorksheet('空');
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** supertest: collect a binary body into a Buffer. */
export function binary(
  res: Response & { setEncoding?: unknown },
  callback: (err: Error | null, body: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  (res as unknown as NodeJS.ReadableStream).on('data', (c: Buffer) => chunks.push(c));
  (res as unknown as NodeJS.ReadableStream).on('end', () => callback(null, Buffer.concat(chunks)));
}

export async function readXlsx(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

/** Rows of a sheet as arrays of cell values (1-based columns dropped to 0-based). */
export function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

export const FUND_HEADER = ['文号', '标题', '来源级次', '金额(元)', '日期', '用途', '区划代码'];
export const HOUSEHOLD_HEADER = ['户主姓名', '身份证号', '区划代码', '家庭人口', '劳动能力', '户类型', '纳入日期'];
