import { Injectable, StreamableFile } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Actor } from '../../auth/role';
import { fenToYuan } from '../../common/money';
import { MONEY_FORMAT } from '../../excel/export/sheet-writer';
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

/** Money columns give yuan text, written as numbers but totalled in fen. */
interface Column<T> {
  header: string;
  width: number;
  money?: boolean;
  value: (row: T) => string | number | null;
}

const NODE_COLUMNS: Column<FundNodeDto>[] = [
  { header: '分配层级', width: 8, value: (n) => n.depth },
  { header: '区划代码', width: 14, value: (n) => n.regionCode },
  { header: '文号', width: 28, value: (n) => n.docNo },
  { header: '资金名称', width: 30, value: (n) => n.title },
  { header: '资金来源', width: 12, value: (n) => n.sourceLevel },
  { header: '下达日期', width: 12, value: (n) => n.issuedOn },
  { header: '账簿', width: 14, value: (n) => n.book },
  { header: '记账序号', width: 10, value: (n) => n.entrySeq },
  { header: '收到(元)', width: 16, money: true, value: (n) => n.totals.received },
  { header: '下拨(元)', width: 16, money: true, value: (n) => n.totals.passedDown },
  { header: '已安排项目(元)', width: 16, money: true, value: (n) => n.totals.committed },
  { header: '已安排未支付(元)', width: 16, money: true, value: (n) => n.totals.committedUnpaid },
  { header: '已支付(元)', width: 16, money: true, value: (n) => n.totals.paid },
  { header: '已冲销(元)', width: 16, money: true, value: (n) => n.totals.reversed },
  { header: '结余可用(元)', width: 16, money: true, value: (n) => n.totals.available },
];

type PaymentRow = PaymentTraceDto & { node: FundNodeDto; project: ProjectTraceDto };

const PAYMENT_COLUMNS: Column<PaymentRow>[] = [
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
  { header: '金额(元)', width: 16, money: true, value: (p) => p.amount },
];

/** The forward trace as .xlsx: one sheet per region level of the tree, then the payments, each with a 合计 row. */
@Injectable()
export class TraceExportService {
  constructor(private readonly forward: ForwardTraceService) {}

  async fund(actor: Actor, id: string, q: FundTraceQuery): Promise<StreamableFile> {
    const trace = await this.forward.trace(actor, id, q);
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Sunshine Ledger 阳光台账';
    const byLevel = new Map<string, FundNodeDto[]>();
    for (const n of flatten(trace)) byLevel.set(n.regionLevel, [...(byLevel.get(n.regionLevel) ?? []), n]);
    for (const [level, nodes] of byLevel) addSheet(wb, LEVEL_SHEET[level] ?? level, NODE_COLUMNS, nodes);
    const payments = flatten(trace).flatMap((node) =>
      node.projects.flatMap((project) => project.payments.map((p) => ({ ...p, node, project }))),
    );
    addSheet(wb, '支付明细', PAYMENT_COLUMNS, payments);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    return new StreamableFile(buffer, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition:
        `attachment; filename="trace-${id}.xlsx"; ` +
        `filename*=UTF-8''${encodeURIComponent(`资金追溯-${trace.root.docNo}.xlsx`)}`,
      length: buffer.length,
    });
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

/** Amounts as numbers formatted #,##0.00; the totals row adds them in fen first, so it is exact. */
function addSheet<T>(wb: ExcelJS.Workbook, name: string, columns: Column<T>[], rows: T[]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({
    header: c.header,
    key: `c${i}`,
    width: c.width,
    style: c.money ? { numFmt: MONEY_FORMAT } : {},
  }));
  ws.getRow(1).font = { bold: true };
  const totals = columns.map(() => 0n);
  for (const row of rows) {
    ws.addRow(
      columns.map((c, i) => {
        const v = c.value(row);
        if (!c.money || typeof v !== 'string') return v;
        totals[i] += BigInt(v.replace('.', ''));
        return Number(v);
      }),
    );
  }
  const total = ws.addRow(columns.map((c, i) => (i === 0 ? '合计' : c.money ? Number(fenToYuan(totals[i])) : null)));
  total.font = { bold: true };
}
