import { NoticeColumn, NoticeTable } from '../notice-content';
import { capitalsOrNull, formatYuan } from './format';
import { Grid, GridColumn, GRID_PAD_X, RowStyle } from './grid';
import { CONTENT_WIDTH, PAGE, PageFlow } from './page-flow';

const CELL = 9.5;
const HEADER_FILL = '#e8e8e8';
const TOTAL_FILL = '#f3f3f3';

/** One table: title (单位：元 when it has amounts), header repeated under "（续）", rows, totals, totals in capitals. */
export function drawNoticeTable(flow: PageFlow, table: NoticeTable): void {
  if (table.columns.length === 0) return;
  const size = table.columns.length > 7 ? CELL - 1.5 : CELL;
  const cellText = (row: Record<string, string>) =>
    table.columns.map((c) => (c.kind === 'amount' && row[c.key] ? formatYuan(row[c.key]) : (row[c.key] ?? '')));
  const rows = table.rows.map(cellText);
  const total = table.total ? cellText(table.total) : null;
  const grid = new Grid(flow, fitColumns(flow, table, rows, total, size), PAGE.left);
  const header = table.columns.map((c) => c.label);
  const headerStyle: RowStyle = { font: 'B', size, fill: HEADER_FILL, align: 'center' };
  // 单位：元 once above the table, unless the headers already say (元).
  const amountLabels = table.columns.filter((c) => c.kind === 'amount').map((c) => c.label);
  const hasAmounts = amountLabels.length > 0 && !amountLabels.some((l) => l.includes('元'));
  const drawTitle = (title: string, titleSize: number) => {
    const lh = titleSize * 1.5;
    flow.putAligned(title, PAGE.left, CONTENT_WIDTH, flow.y, 'B', titleSize, 'center');
    if (hasAmounts) flow.putAligned('单位：元', PAGE.left, CONTENT_WIDTH, flow.y + lh - 9 * 1.5, 'R', 9, 'right');
    flow.y += lh + 2;
  };
  const repeatHeader = () => {
    drawTitle(`${table.title}（续）`, 10);
    grid.row(header, headerStyle);
  };

  // Title, header and the first rows stay together.
  flow.ensure(size * 6 + 60);
  drawTitle(table.title, 12);
  grid.row(header, headerStyle);
  const rowStyle: RowStyle = { font: 'R', size };
  for (const cells of rows) grid.row(cells, rowStyle, repeatHeader);
  if (total) grid.row(total, { font: 'B', size, fill: TOTAL_FILL }, repeatHeader);

  const amountColumns = table.columns.filter((c) => c.kind === 'amount' && table.total?.[c.key]);
  flow.y += 3;
  for (const c of amountColumns) {
    const capitals = capitalsOrNull(table.total![c.key]);
    if (!capitals) continue;
    const name = c.label.replace(/[(（]元[)）]$/, '');
    const label = amountColumns.length === 1 ? '合计金额' : /[合总]计$/.test(name) ? name : `${name}合计`;
    flow.paragraph(`${label}（大写）：${capitals}`, { font: 'B', size: 10 });
  }
  flow.y += 6;
}

/** Column widths by share, amount columns widened to their widest figure (never wrapped) at the text's expense. */
function fitColumns(
  flow: PageFlow,
  table: NoticeTable,
  rows: string[][],
  total: string[] | null,
  size: number,
): GridColumn[] {
  const share = (c: NoticeColumn) => (c.width > 0 && Number.isFinite(c.width) ? c.width : 1);
  const weight = table.columns.reduce((s, c) => s + share(c), 0);
  const widths = table.columns.map((c) => (CONTENT_WIDTH * share(c)) / weight);
  const need = table.columns.map((c, i) => {
    if (c.kind !== 'amount') return 0;
    let widest = flow.width(c.label, 'B', size);
    for (const r of rows) widest = Math.max(widest, flow.width(r[i], 'R', size));
    // The totals row is the widest figure; it may shrink a little rather than widen the column.
    if (total) widest = Math.max(widest, flow.width(total[i], 'B', size * 0.85));
    return widest + 2 * GRID_PAD_X + 1;
  });
  const deficit = need.reduce((s, n, i) => s + Math.max(0, n - widths[i]), 0);
  // A text column gives up width down to what its header needs, so headers stay on one line.
  const floor = table.columns.map((c, i) =>
    Math.min(widths[i], Math.max(flow.width(c.label, 'B', size), size * 2) + 2 * GRID_PAD_X + 1),
  );
  const spareOf = (i: number) => (table.columns[i].kind === 'text' ? widths[i] - floor[i] : 0);
  const spare = table.columns.reduce((s, _c, i) => s + spareOf(i), 0);
  if (deficit > 0 && spare > 0) {
    const take = Math.min(1, deficit / spare);
    const give = Math.min(1, spare / deficit);
    table.columns.forEach((c, i) => {
      widths[i] += c.kind === 'text' ? -spareOf(i) * take : Math.max(0, need[i] - widths[i]) * give;
    });
  }
  return table.columns.map((c, i) => ({
    width: widths[i],
    align: c.kind === 'amount' ? 'right' : 'left',
    noWrap: c.kind === 'amount',
  }));
}
