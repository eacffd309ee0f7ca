import * as yauzl from 'yauzl';
import { DomainError } from '../../common/errors/domain-error';

/** An import workbook is small (≤ 20 000 rows); these bounds are far above any real one and far below a bomb. */
export const XLSX_LIMITS = {
  entries: 500,
  inflatedBytes: 64 * 1024 * 1024,
  /** `<row>` elements in one sheet, empty ones included: each costs exceljs an object. */
  sheetRows: 100_000,
};

const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;
const ROW_TAG = '<row';

const tooLarge = (what: string) =>
  new DomainError(
    'PAYLOAD_TOO_LARGE',
    `The workbook is too large once unpacked: ${what}; an import holds at most 20 000 rows ` +
      `/ 工作簿解压后过大，请拆分文件`,
  );

/**
 * Unpacks an .xlsx into nothing, counting, before exceljs unpacks it into memory, so a zip bomb is refused by its size
 * alone (yauzl checks each part's inflated length against its header). False when the file is not a readable zip.
 */
export async function checkXlsxSize(buffer: Buffer, limits = XLSX_LIMITS): Promise<boolean> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true });
  } catch {
    return false;
  }
  try {
    if (zip.entryCount > limits.entries) throw tooLarge(`${zip.entryCount} parts (at most ${limits.entries})`);
    let inflated = 0;
    for await (const entry of zip.eachEntry()) {
      inflated += entry.uncompressedSize;
      if (inflated > limits.inflatedBytes) throw tooLarge(`more than ${limits.inflatedBytes / 2 ** 20} MB`);
      // Every part is inflated (into nothing) so that yauzl holds it to its declared size.
      const rows = await countRows(await zip.openReadStreamPromise(entry), SHEET_PART.test(entry.fileName));
      if (rows > limits.sheetRows) throw tooLarge(`more than ${limits.sheetRows} rows in ${entry.fileName}`);
    }
    return true;
  } catch (e) {
    if (e instanceof DomainError) throw e;
    return false;
  } finally {
    zip.close();
  }
}

/** Reads a part to its end, counting `<row` elements if it is a sheet. */
async function countRows(part: AsyncIterable<Buffer>, sheet: boolean): Promise<number> {
  let rows = 0;
  let tail = '';
  for await (const chunk of part) {
    if (!sheet) continue;
    const text = tail + chunk.toString('latin1');
    for (let at = text.indexOf(ROW_TAG); at >= 0; at = text.indexOf(ROW_TAG, at + ROW_TAG.length)) {
      // `<rowBreaks>` and the like are other elements.
      const next = text[at + ROW_TAG.length];
      if (next === ' ' || next === '>' || next === '/') rows++;
    }
    tail = text.slice(-ROW_TAG.length);
  }
  return rows;
}
