import archiver from 'archiver';
import { Readable, Writable } from 'node:stream';
import { XLSX_LIMITS } from '../../src/excel/import/zip-guard';
import { FUND_HEADER, xlsx } from '../excel/xlsx-fixtures';
import { COUNTY } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { expectErrorShape, ledgerState, roleTokens } from './hardening-fixtures';

const MB = 2 ** 20;

/** Collects a stream's bytes. */
function collector(): { out: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

/** A zip of the given parts; a generated part is compressed as it is made, never whole in memory. */
async function zipOf(parts: [string, string | Iterable<Buffer | string>][]): Promise<Buffer> {
  const { out, bytes } = collector();
  const zip = archiver('zip', { zlib: { level: 9 } });
  zip.pipe(out);
  for (const [name, part] of parts) zip.append(typeof part === 'string' ? part : Readable.from(part), { name });
  await zip.finalize();
  await new Promise((resolve) => out.end(resolve));
  return bytes();
}

function* zeros(total: number) {
  const block = Buffer.alloc(MB);
  for (let sent = 0; sent < total; sent += MB) yield block.subarray(0, Math.min(MB, total - sent));
}

/** A sheet of `rows` empty rows, in the form Excel writes a formatted row. */
function* emptyRows(rows: number) {
  yield '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  for (let r = 1; r <= rows; r += 1000) {
    let chunk = '';
    for (let i = r; i < r + 1000; i++) chunk += `<row r="${i}" s="1" customFormat="1"/>`;
    yield chunk;
  }
  yield '</sheetData></worksheet>';
}

describe('uploads refused by their unpacked size, before exceljs unpacks them', () => {
  let t: TestApp;
  let tokens: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    tokens = await roleTokens(t);
  });
  afterAll(() => t?.close());

  const upload = (path: string, file: Buffer, role: string) =>
    t.http().post(path).set('Authorization', `Bearer ${tokens[role]}`).attach('file', file, 'upload.xlsx');

  const cases: [string, () => Promise<Buffer>, RegExp][] = [
    ['a zip bomb: 100 MB of zeros in a part', () => zipOf([['xl/sharedStrings.xml', zeros(100 * MB)]]), /MB/],
    [
      'a zip of thousands of parts',
      () => zipOf(Array.from({ length: 3000 }, (_, i): [string, string] => [`xl/media/p${i}.xml`, '<x/>'])),
      /3000 parts/,
    ],
    [
      'a sheet of a million empty rows',
      () => zipOf([['xl/worksheets/sheet1.xml', emptyRows(1_000_000)]]),
      /rows in xl\/worksheets\/sheet1\.xml/,
    ],
  ];

  it.each(cases)('%s → 413 PAYLOAD_TOO_LARGE, nothing written', async (_name, make, reason) => {
    const file = await make();
    expect(file.length).toBeLessThan(10 * MB);
    const before = await ledgerState(t);
    for (const [path, role] of [
      ['/api/v1/funds/import', 'finance'],
      ['/api/v1/households/import', 'village'],
    ]) {
      const res = await upload(path, file, role);
      expectErrorShape(res, 413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(res.body.message).toMatch(reason);
    }
    expect(await ledgerState(t)).toEqual(before);
  });

  it('a part that inflates beyond the size its header declares is a damaged file (400)', async () => {
    const file = await zipOf([['xl/worksheets/sheet1.xml', zeros(2 * MB)]]);
    // Patch the central directory's uncompressed size (offset 24 of its entry) down to 1 KB.
    const central = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    file.writeUInt32LE(1024, central + 24);
    const res = await upload('/api/v1/funds/import', file, 'finance');
    expectErrorShape(res, 400);
    expect(res.body.message).toMatch(/damaged/);
  });

  it('an ordinary workbook passes the guard and imports', async () => {
    expect(XLSX_LIMITS.sheetRows).toBeGreaterThan(20_000);
    const file = await xlsx(FUND_HEADER, [['郾财〔2026〕90号', '测试资金', '中央', 100, '2026-01-05', null, COUNTY]]);
    const res = await upload('/api/v1/funds/import', file, 'finance');
    expect(res.status).toBe(201);
  });
});
