import ExcelJS from 'exceljs';
import { FUND_COLUMNS } from './import/fund-rows';
import { HOUSEHOLD_COLUMNS } from './import/household-rows';
import type { ColumnSpec } from './import/sheet-reader';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface TemplateSpec {
  file: string;
  sheet: string;
  columns: ColumnSpec[];
  notes: string[];
}

const COMMON_NOTES = [
  '第一行为表头,请勿修改表头文字(也可使用英文列名);列的顺序可以调整,多出的列(如“备注”)会被忽略。',
  '导入为“全部或全不”:任何一行有误则整个文件都不导入,并返回每一行的错误(行号、列、原因);改正后重新上传整个文件。',
  '上传前请删除第2行示例数据。日期可用日期格式或 2024-03-15 文本。',
];

export const FUND_TEMPLATE: TemplateSpec = {
  file: 'fund-import-template.xlsx',
  sheet: '资金文件',
  columns: FUND_COLUMNS,
  notes: [
    ...COMMON_NOTES,
    '金额单位为元,最多两位小数;可填数字或文本,千分位逗号可有可无。',
    '接口: POST /api/v1/funds/import (财政部门);命令行: npm run cli -- import-funds <文件> --region <区划代码>',
  ],
};

export const HOUSEHOLD_TEMPLATE: TemplateSpec = {
  file: 'household-import-template.xlsx',
  sheet: '农户名单',
  columns: HOUSEHOLD_COLUMNS,
  notes: [
    ...COMMON_NOTES,
    '身份证号列已设为文本格式;若从其他表格粘贴,请“只粘贴值”并确认末位未变成 0。错误报告中的身份证号只显示前6位和后4位。',
    '同一身份证号在文件内或系统中已登记的,整份文件不导入(DUPLICATE_HOUSEHOLD)。',
    '接口: POST /api/v1/households/import (村/乡镇);命令行: npm run cli -- import-households <文件> --region <区划代码>',
  ],
};

/** The template workbook: headers, one example row, the ID column as text, and a notes sheet. */
export async function buildTemplate(spec: TemplateSpec): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sunshine Ledger 阳光台账';
  // A fixed date keeps the generated file the same from one run to the next.
  wb.created = wb.modified = new Date(Date.UTC(2024, 0, 1));
  const ws = wb.addWorksheet(spec.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = spec.columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(12, Math.min(50, String(c.example).length * 1.6 + 2)),
    style:
      c.key === 'idNumber' || c.key === 'docNo' || c.key === 'regionCode'
        ? { numFmt: '@' }
        : c.key === 'amount'
          ? { numFmt: '#,##0.00' }
          : {},
  }));
  ws.getRow(1).font = { bold: true };
  ws.addRow(Object.fromEntries(spec.columns.map((c) => [c.key, c.example])));
  ws.getRow(2).font = { italic: true, color: { argb: 'FF808080' } };
  spec.columns.forEach((c, i) => {
    if (c.required) ws.getCell(1, i + 1).note = '必填 required';
  });

  const notes = wb.addWorksheet('填写说明');
  notes.columns = [
    { header: '列名', key: 'header', width: 14 },
    { header: '英文列名', key: 'key', width: 16 },
    { header: '必填', key: 'required', width: 8 },
    { header: '说明', key: 'note', width: 70 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of spec.columns)
    notes.addRow({ header: c.header, key: c.key, required: c.required ? '是' : '否', note: c.note });
  notes.addRow([]);
  for (const n of spec.notes) notes.addRow(['', '', '', n]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
