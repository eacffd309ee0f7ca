import type { FundNodeDto, FundTraceDto, ProjectTraceDto } from '../../audit/trace/dto/fund-trace.dto';
import { DISBURSEMENT_KIND_LABEL } from '../../excel/export/export-labels';
import { entryHref } from '../finance/finance-labels';

/**
 * One node of the trace picture: the chart script (assets/trace-chart.js) draws the tree with each branch's
 * width by `value` (yuan) and opens `href` on a click. Built from the same FundTraceDto as the table.
 */
export interface ChartNode {
  name: string;
  value: string;
  kind: 'fund' | 'project' | 'payment' | 'asset' | 'unpaid' | 'available';
  href?: string;
  children?: ChartNode[];
}

const nonZero = (v: string) => !/^-?0(\.0+)?$/.test(v);

export const fundAnchor = (fundId: string) => `fund-${fundId}`;
export const projectAnchor = (fundId: string, projectId: string) => `p-${fundId.slice(0, 8)}-${projectId}`;

function projectNode(fundId: string, p: ProjectTraceDto): ChartNode {
  const payments: ChartNode[] = p.payments.map((pay) => ({
    name: `${pay.payeeName ?? '收款人'} · ${DISBURSEMENT_KIND_LABEL[pay.kind ?? ''] ?? pay.kind ?? '付款'}`,
    value: pay.amount,
    kind: 'payment',
    href: entryHref(pay.book, pay.seq),
  }));
  const assets: ChartNode[] = p.assets.map((a) => ({
    name: `资产 ${a.assetNo} ${a.name}`,
    value: a.attributed,
    kind: 'asset',
    href: `/console/audit/trace/assets/${a.assetId}`,
  }));
  const unpaid: ChartNode[] = nonZero(p.unpaid) ? [{ name: '已安排未支付', value: p.unpaid, kind: 'unpaid' }] : [];
  return {
    name: p.name,
    value: p.committed,
    kind: 'project',
    href: `#${projectAnchor(fundId, p.projectId)}`,
    children: [...payments, ...unpaid, ...assets],
  };
}

function fundNode(n: FundNodeDto, root = false): ChartNode {
  const available: ChartNode[] = nonZero(n.totals.available)
    ? [{ name: '结余（未下达、未安排）', value: n.totals.available, kind: 'available' }]
    : [];
  return {
    // The root is named by its 文号 alone (the page's title says the rest); a lower level with its region.
    name: root ? n.docNo : `${n.docNo}（${n.regionCode}）`,
    value: n.totals.received,
    kind: 'fund',
    href: `#${fundAnchor(n.fundId)}`,
    children: [...n.children.map((c) => fundNode(c)), ...n.projects.map((p) => projectNode(n.fundId, p)), ...available],
  };
}

export function traceChart(trace: FundTraceDto): { tree: ChartNode; balanced: boolean } {
  return { tree: fundNode(trace.root, true), balanced: trace.balanced };
}
