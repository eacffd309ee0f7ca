import { fenToYuan } from '../../common/money';
import type { DisbursementKind } from '../../projects/disbursement.entity';
import type { NoticeField, NoticeTable } from '../notice-content';

export const PAYMENT_KIND_NAMES: Record<DisbursementKind, string> = {
  advance: '预付款',
  progress: '进度款',
  final: '结算款',
  retention_release: '质保金',
  household: '到户补助',
};

/** "2024-02-01" → "2024年2月1日", as notices print dates. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export const field = (label: string, value: string | null | undefined): NoticeField => ({
  label,
  value: value?.trim() ? value : '—',
});

/** An amount field: `value` shows the figures with the unit, `amountYuan` lets the PDF add capitals. */
export const amountField = (label: string, fen: bigint): NoticeField => ({
  label,
  value: `${fenToYuan(fen)} 元`,
  amountYuan: fenToYuan(fen),
});

export const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

/** A table with a totals row over its amount columns (labelled in the first column). */
export function withTotal(table: NoticeTable, label = '合计'): NoticeTable {
  if (!table.rows.length) return table;
  const total: Record<string, string> = { [table.columns[0].key]: label };
  for (const c of table.columns.filter((c) => c.kind === 'amount')) {
    total[c.key] = fenToYuan(sum(table.rows.map((r) => (r[c.key] ? BigInt(r[c.key].replace('.', '')) : 0n))));
  }
  return { ...table, total };
}
