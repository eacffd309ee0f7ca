import { Injectable, StreamableFile } from '@nestjs/common';
import type { Actor } from '../../auth/role';
import { addSheet, ExportColumn, newWorkbook, xlsxFile } from '../../excel/export/sheet-writer';
import type { FindingsQuery } from './dto/findings.dto';
import type { Finding, FindingSubject, Severity } from './finding';
import { FindingsService } from './findings.service';
import { RULES } from './rule-codes';

const SEVERITY_LABEL: Record<Severity, string> = { critical: '严重', high: '高', medium: '中', low: '低' };
const SUBJECT_LABEL: Record<FindingSubject['type'], string> = {
  fund: '资金',
  project: '项目',
  payee: '收款人',
  household: '农户',
  asset: '资产',
  book: '账本',
  region: '地区',
  actor: '操作人',
};

const COLUMNS: ExportColumn<Finding>[] = [
  { header: '序号', width: 6, value: (_, i) => i + 1 },
  { header: '严重程度', width: 10, value: (f) => SEVERITY_LABEL[f.severity] },
  { header: '疑点类型', width: 20, value: (f) => RULES[f.rule] },
  { header: '规则代码', width: 26, value: (f) => f.rule },
  { header: '对象类型', width: 10, value: (f) => SUBJECT_LABEL[f.subject.type] },
  { header: '对象名称', width: 32, value: (f) => f.subject.name },
  { header: '对象编号', width: 38, value: (f) => f.subject.id },
  { header: '金额(元)', width: 16, money: true, value: (f) => (f.amount === undefined ? null : Number(f.amount)) },
  { header: '起始日期', width: 12, value: (f) => f.since ?? null },
  { header: '疑点说明', width: 70, wrap: true, value: (f) => f.detail },
  {
    header: '证据(账本/序号)',
    width: 40,
    wrap: true,
    value: (f) => f.evidence.map((e) => `${e.book}/${e.seq}`).join('、'),
  },
  { header: 'Detail (English)', width: 70, wrap: true, value: (f) => f.detailEn },
];

/** 审计疑点清单 as .xlsx: one row per finding, in the order of the list. */
@Injectable()
export class FindingsExportService {
  constructor(private readonly findings: FindingsService) {}

  async export(actor: Actor, q: FindingsQuery): Promise<StreamableFile> {
    const { regionCode, asOf, items } = await this.findings.findings(actor, q);
    const wb = newWorkbook();
    await addSheet(wb, '审计疑点清单', COLUMNS, [items], { totals: 'none' });
    return xlsxFile(wb, `findings-${regionCode}-${asOf}`, `审计疑点清单-${regionCode}-${asOf}`);
  }
}
