import archiver from 'archiver';
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';

/**
 * An .xlsx written as its rows arrive, in constant memory. exceljs's streaming writer holds every sheet until the
 * workbook is committed (exceljs issues #1894, #2916), so a province-size export would not fit; this writes the
 * SpreadsheetML parts by hand (inline strings, one style table) into a zip that streams to `out`.
 */
export interface XlsxColumn {
  header: string;
  width: number;
  money?: boolean;
  wrap?: boolean;
}

/** Text stays text (no guessing); `{ number }` writes an exact decimal string, e.g. yuan from fen, as a number. */
export type XlsxCell = string | number | null | undefined | { number: string } | { formula: string; result: string };

/** Rows per sheet in Excel, the header included: a longer export goes on in a next sheet. */
export const MAX_SHEET_ROWS = 1_048_576;
const MONEY_FORMAT_ID = 164;
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

const escapeXml = (text: string) =>
  // Characters XML 1.0 cannot carry at all are dropped rather than making the file unreadable.
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"]/g, (c) => XML_ESCAPES[c]);

export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Style index of a cell: 1 + bold + 2·money + 4·wrap + 8·top (0 is the default style). */
const styleOf = (bold: boolean, money: boolean, wrap: boolean, top: boolean) =>
  1 + (bold ? 1 : 0) + (money ? 2 : 0) + (wrap ? 4 : 0) + (top ? 8 : 0);

function stylesXml(): string {
  const xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  for (let i = 0; i < 16; i++) {
    const [bold, money, wrap, top] = [i & 1, i & 2, i & 4, i & 8].map(Boolean);
    const align = wrap || top ? `<alignment${wrap ? ' wrapText="1"' : ''}${top ? ' vertical="top"' : ''}/>` : '';
    xfs.push(
      `<xf numFmtId="${money ? MONEY_FORMAT_ID : 0}" fontId="${bold ? 1 : 0}" fillId="0" borderId="0" xfId="0"` +
        `${money ? ' applyNumberFormat="1"' : ''}${bold ? ' applyFont="1"' : ''}` +
        (align ? ` applyAlignment="1">${align}</xf>` : '/>'),
    );
  }
  return (
    `${XML_HEAD}<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="${MONEY_FORMAT_ID}" formatCode="#,##0.00"/>` +
    '</numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>' +
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
  );
}

/** Sheet names: at most 31 characters, none of []:*?/\ . */
const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet';

export class XlsxStreamWriter {
  private readonly zip = archiver('zip', { zlib: { level: 6 } });
  private readonly sheets: string[] = [];
  private sheet?: PassThrough;
  private columns: XlsxColumn[] = [];
  private top = false;
  private rowNumber = 0;
  private failure?: Error;

  constructor(
    out: Writable,
    private readonly creator = 'Sunshine Ledger 阳光台账',
  ) {
    this.zip.on('error', (e: Error) => (this.failure = e));
    this.zip.pipe(out);
  }

  /** Rows written to the current sheet so far, its header included. */
  get rowsInSheet(): number {
    return this.rowNumber;
  }

  /** Starts a sheet with a bold, frozen header row. */
  async startSheet(name: string, columns: XlsxColumn[]): Promise<void> {
    await this.endSheet();
    this.columns = columns;
    this.top = columns.some((c) => c.wrap);
    this.rowNumber = 0;
    let title = sheetName(name);
    for (let n = 2; this.sheets.includes(title); n++) title = sheetName(`${name.slice(0, 26)} (${n})`);
    this.sheets.push(title);
    this.sheet = new PassThrough();
    this.zip.append(this.sheet, { name: `xl/worksheets/sheet${this.sheets.length}.xml` });
    const cols = columns
      .map((c, i) => {
        const style = c.money || this.top ? ` style="${styleOf(false, !!c.money, !!c.wrap, this.top)}"` : '';
        return `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"${style}/>`;
      })
      .join('');
    const pane = '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>';
    await this.write(
      `${XML_HEAD}<worksheet ${NS} ${NS_R}><sheetViews><sheetView workbookViewId="0">${pane}</sheetView>` +
        `</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`,
    );
    await this.row(
      columns.map((c) => c.header),
      true,
    );
  }

  /** Writes a row; resolves when the zip can take more, so a slow reader slows the caller. */
  async row(cells: XlsxCell[], bold = false): Promise<void> {
    if (!this.sheet) throw new Error('startSheet first');
    const r = ++this.rowNumber;
    let xml = `<row r="${r}">`;
    cells.forEach((cell, i) => {
      if (cell === null || cell === undefined || cell === '') return;
      const column = this.columns[i] ?? { header: '', width: 10 };
      const ref = `${columnLetter(i)}${r}`;
      const s = styleOf(bold, !!column.money, !!column.wrap, this.top);
      if (typeof cell === 'number') xml += `<c r="${ref}" s="${s}"><v>${cell}</v></c>`;
      else if (typeof cell === 'string') {
        const space = cell.trim() === cell ? '' : ' xml:space="preserve"';
        xml += `<c r="${ref}" s="${s}" t="inlineStr"><is><t${space}>${escapeXml(cell)}</t></is></c>`;
      } else if ('number' in cell) xml += `<c r="${ref}" s="${s}"><v>${cell.number}</v></c>`;
      else xml += `<c r="${ref}" s="${s}"><f>${escapeXml(cell.formula)}</f><v>${cell.result}</v></c>`;
    });
    await this.write(`${xml}</row>`);
  }

  /** Ends the workbook: the sheets' index, styles and package parts, then the zip's directory. */
  async finish(): Promise<void> {
    await this.endSheet();
    if (!this.sheets.length) await this.startSheet('Sheet1', []).then(() => this.endSheet());
    const sheetList = this.sheets.map(
      (n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
    );
    const rel = (id: string, type: string, target: string) =>
      `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/${type}" Target="${target}"/>`;
    const sheetRels = this.sheets.map((_, i) =>
      rel(`rId${i + 1}`, 'officeDocument/2006/relationships/worksheet', `worksheets/sheet${i + 1}.xml`),
    );
    const styleRel = rel(`rId${this.sheets.length + 1}`, 'officeDocument/2006/relationships/styles', 'styles.xml');
    const type = (part: string, kind: string) =>
      `<Override PartName="${part}" ContentType="application/vnd.openxmlformats-${kind}+xml"/>`;
    const relsNs = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"';
    const parts: [string, string][] = [
      [
        '[Content_Types].xml',
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          type('/xl/workbook.xml', 'officedocument.spreadsheetml.sheet.main') +
          this.sheets
            .map((_, i) => type(`/xl/worksheets/sheet${i + 1}.xml`, 'officedocument.spreadsheetml.worksheet'))
            .join('') +
          type('/xl/styles.xml', 'officedocument.spreadsheetml.styles') +
          type('/docProps/core.xml', 'package.core-properties') +
          '</Types>',
      ],
      [
        '_rels/.rels',
        `${XML_HEAD}<Relationships ${relsNs}>` +
          rel('rId1', 'officeDocument/2006/relationships/officeDocument', 'xl/workbook.xml') +
          rel('rId2', 'package/2006/relationships/metadata/core-properties', 'docProps/core.xml') +
          '</Relationships>',
      ],
      [
        'docProps/core.xml',
        `${XML_HEAD}<cp:coreProperties` +
          ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"' +
          ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"' +
          ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
          `<dc:creator>${escapeXml(this.creator)}</dc:creator>` +
          `<dcterms:created xsi:type="dcterms:W3CDTF">${new Date().toISOString().slice(0, 19)}Z</dcterms:created>` +
          '</cp:coreProperties>',
      ],
      [
        'xl/workbook.xml',
        `${XML_HEAD}<workbook ${NS} ${NS_R}><bookViews><workbookView/></bookViews>` +
          `<sheets>${sheetList.join('')}</sheets></workbook>`,
      ],
      [
        'xl/_rels/workbook.xml.rels',
        `${XML_HEAD}<Relationships ${relsNs}>${sheetRels.join('')}${styleRel}</Relationships>`,
      ],
      ['xl/styles.xml', stylesXml()],
    ];
    for (const [name, xml] of parts) this.zip.append(xml, { name });
    await this.zip.finalize();
    if (this.failure) throw this.failure;
  }

  private async endSheet(): Promise<void> {
    if (!this.sheet) return;
    const sheet = this.sheet;
    this.sheet = undefined;
    sheet.end('</sheetData></worksheet>');
    await once(sheet, 'end');
  }

  private async write(xml: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.sheet!.write(xml)) await once(this.sheet!, 'drain');
  }
}
