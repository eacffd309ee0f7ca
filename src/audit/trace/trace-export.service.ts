import { Injectable, StreamableFile } from '@nestjs/common';
import type { Actor } from '../../auth/role';
import { yuanToFen } from '../../common/money';
import { addSheet, ExportColumn, newWorkbook, xlsxFile } from '../../excel/export/sheet-writer';
import type { FundNodeDto, FundTraceDto, PaymentTraceDto, ProjectTraceDto } from './dto/fund-trace.dto';
import type { FundTraceQuery } from './dto/trace-query.dto';
import { ForwardTraceService } from './forward-trace.service';

const LEVEL_SHEET: Record<string, string> = {
  country: '全国',
  province: '省级',
  city: '市级',
  county: '县级',
  township: '乡级',
  village: '村级',
};

const NODE_COLUMNS: ExportColumn<FundNodeDto>[] = [
  { header: '分配层级', width: 8, value: (n) => n.depth },
  { header: '区划代码', width: 14, value: (n) => n.regionCode },
  { header: '文号', width: 28, value: (n) => n.docNo },
  { header: '资金名称', width: 30, value: (n) => n.title },
  { header: '资金来源', width: 12, value: (n) => n.sourceLevel },
  { header: '下达日期', width: 12, value: (n) => n.issuedOn },
  { header: '账簿', width: 14, value: (n) => n.book },
  { header: '记账序号', width: 10, value: (n) => n.entrySeq },
  { header: '收到(元)', width: 16, money: true, value: (n) => yuanToFen(n.totals.received) },
  { header: '下拨(元)', width: 16, money: true, value: (n) => yuanToFen(n.totals.passedDown) },
  { header: '已安排项目(元)', width: 16, money: true, value: (n) => yuanToFen(n.totals.committed) },
  { header: '已安排未支付(元)', width: 16, money: true, value: (n) => yuanToFen(n.totals.committedUnpaid) },
  { header: '已支付(元)', width: 16, money: true, value: (n) => yuanToFen(n.totals.paid) },
  { header: '已冲销(元)', width: 16, money: true, value: (n) => yuanToFen(n.totals.reversed) },
  { header: '结余可用(元)', width: 16, money: true, value: (n) => yuanToFen(n.totals.available) },
];

type PaymentRow = PaymentTraceDto & { node: FundNodeDto; project: ProjectTraceDto };

const PAYMENT_COLUMNS: ExportColumn<PaymentRow>[] = [
  { header: '文号', width: 28, value: (p) => p.node.docNo },
  { header: '区划代码', width: 14, value: (p) => p.project.regionCode },
  { header: '项目名称', width: 30, value: (p) => p.project.name },
  { header: '支付日期', width: 12, value: (p) => p.occurredOn },
  { header: '支付类型', width: 12, value: (p) => p.kind },
  { header: '收款人', width: 28, value: (p) => p.payeeName },
  { header: '收款人类型', width: 12, value: (p) => p.payeeType },
  { header: '收款账号(脱敏)', width: 22, value: (p) => p.accountMasked },
  { header: '凭证号', width: 16, value: (p) => p.voucherNo },
  { header: '账簿', width: 14, value: (p) => p.book },
  { header: '记账序号', width: 10, value: (p) => p.seq },
  { header: '冲销原序号', width: 10, value: (p) => p.reversesSeq },
  { header: '金额(元)', width: 16, money: true, value: (p) => yuanToFen(p.amount) },
];

/** The forward trace as .xlsx: one sheet per region level of the tree, then the payments, each with a 合计 row. */
@Injectable()
export class TraceExportService {
  constructor(private readonly forward: ForwardTraceService) {}

  async fund(actor: Actor, id: string, q: FundTraceQuery): Promise<StreamableFile> {
    const trace = await this.forward.trace(actor, id, q);
    const wb = newWorkbook();
    const byLevel = new Map<string, FundNodeDto[]>();
    for (const n of flatten(trace)) byLevel.set(n.regionLevel, [...(byLevel.get(n.regionLevel) ?? []), n]);
    for (const [level, nodes] of byLevel) await addSheet(wb, LEVEL_SHEET[level] ?? level, NODE_COLUMNS, [nodes]);
    const payments = flatten(trace).flatMap((node) =>
      node.projects.flatMap((project) => project.payments.map((p) => ({ ...p, node, project }))),
    );
    await addSheet(wb, '支付明细', PAYMENT_COLUMNS, [payments]);
    return xlsxFile(wb, `trace-${id}`, `资金追溯-${trace.root.docNo}`);
  }
}

/** Nodes in tree order (depth first), so a sheet lists each branch together. */
function flatten(trace: FundTraceDto): FundNodeDto[] {
  const out: FundNodeDto[] = [];
  const walk = (n: FundNodeDto) => {
    out.push(n);
    n.children.forEach(walk);
  };
  walk(trace.root);
  return out;
}
