import { CreateFundDto } from '../../funds/dto/fund.dto';
import { SOURCE_LEVELS, SourceLevel } from '../../funds/fund.entity';
import { dateOf, displayOf, textOf, yuanOf } from './cell-values';
import { ImportReport, validateAsDto } from './import-report';
import type { ColumnSpec, ParsedSheet } from './sheet-reader';

export type FundColumn = 'docNo' | 'title' | 'sourceLevel' | 'amount' | 'issuedOn' | 'purpose' | 'regionCode';

/** Columns of a fund-document import, in template order; keys are CreateFundDto's properties. */
export const FUND_COLUMNS: ColumnSpec<FundColumn>[] = [
  {
    key: 'docNo',
    header: '文号',
    aliases: ['文件编号', '指标文号', '发文文号', 'doc_no'],
    required: true,
    note: '指标文件文号,同一账套内不得重复',
    example: '豫财农〔2024〕12号',
  },
  {
    key: 'title',
    header: '标题',
    aliases: ['文件标题', '文件名称', '名称'],
    required: true,
    note: '文件标题,最长300字',
    example: '关于下达2024年中央财政衔接推进乡村振兴补助资金预算的通知',
  },
  {
    key: 'sourceLevel',
    header: '来源级次',
    aliases: ['资金来源', '来源', '级次', 'source_level'],
    required: true,
    note: `中央/省/市/县/东西部协作/社会帮扶,或 ${SOURCE_LEVELS.join('/')}`,
    example: '中央',
  },
  {
    key: 'amount',
    header: '金额(元)',
    aliases: ['金额', '金额元', '资金金额', '金额(元)'],
    required: true,
    note: '单位:元,数字或文本,最多两位小数',
    example: 1250000.5,
  },
  {
    key: 'issuedOn',
    header: '日期',
    aliases: ['发文日期', '文件日期', '下达日期', 'receivedOn', 'received_on', 'date', 'issued_on'],
    required: true,
    note: '日期单元格或 YYYY-MM-DD 文本,不得晚于今天',
    example: '2024-03-15',
  },
  {
    key: 'purpose',
    header: '用途',
    aliases: ['资金用途', '备注用途'],
    required: false,
    note: '可选,最长500字',
    example: '产业发展',
  },
  {
    key: 'regionCode',
    header: '区划代码',
    aliases: ['区划', '行政区划代码', 'region_code', 'region'],
    required: false,
    note: '12位省/市/县区划代码;留空则为导入时指定的区划',
    example: '411103000000',
  },
];

const SOURCE_ALIASES: Record<string, SourceLevel> = {
  中央: 'central',
  中央财政: 'central',
  中央资金: 'central',
  省: 'provincial',
  省级: 'provincial',
  省级财政: 'provincial',
  province: 'provincial',
  市: 'municipal',
  市级: 'municipal',
  市级财政: 'municipal',
  city: 'municipal',
  县: 'county',
  县级: 'county',
  县级财政: 'county',
  东西部协作: 'east_west',
  东西协作: 'east_west',
  'east-west': 'east_west',
  社会帮扶: 'social',
  社会捐赠: 'social',
};

export function sourceLevelOf(text: string | undefined): SourceLevel | undefined {
  if (!text) return undefined;
  const t = text.replace(/\s+/g, '');
  if ((SOURCE_LEVELS as readonly string[]).includes(t.toLowerCase())) return t.toLowerCase() as SourceLevel;
  return SOURCE_ALIASES[t] ?? SOURCE_ALIASES[t.toLowerCase()];
}

export interface FundRow {
  row: number;
  dto: CreateFundDto;
}

/** Cells → CreateFundDto → its validation; conversion problems are reported once. Answers the rows that passed. */
export async function fundRowsOf(
  sheet: ParsedSheet<FundColumn>,
  defaultRegion: string | undefined,
  report: ImportReport,
): Promise<FundRow[]> {
  const good: FundRow[] = [];
  for (const { row, cells } of sheet.rows) {
    const own = new Map<FundColumn, string>();
    const amount = yuanOf(cells.amount ?? null);
    if (!amount.ok) own.set('amount', amount.reason);
    const date = dateOf(cells.issuedOn ?? null);
    if (!date.ok) own.set('issuedOn', date.reason);
    const sourceText = textOf(cells.sourceLevel ?? null);
    const source = sourceLevelOf(sourceText);
    if (!source)
      own.set(
        'sourceLevel',
        `must be one of 中央/省/市/县/东西部协作/社会帮扶 (${SOURCE_LEVELS.join(', ')}) (来源级次无效)`,
      );
    const plain: Record<string, unknown> = {
      docNo: textOf(cells.docNo ?? null),
      title: textOf(cells.title ?? null),
      sourceLevel: source,
      amount: amount.ok ? amount.value : undefined,
      issuedOn: date.ok ? date.value : undefined,
      regionCode: textOf(cells.regionCode ?? null) ?? defaultRegion,
    };
    const purpose = textOf(cells.purpose ?? null);
    if (purpose !== undefined) plain.purpose = purpose;
    const { dto, errors } = await validateAsDto(CreateFundDto, plain);
    for (const [k, reason] of errors) if (!own.has(k as FundColumn)) own.set(k as FundColumn, reason);
    for (const [k, reason] of own) report.add(row, fundLabel(sheet, k), reason, displayOf(cells[k] ?? null));
    if (!own.size) good.push({ row, dto });
  }
  return good;
}

export const fundLabel = (sheet: ParsedSheet<FundColumn>, k: FundColumn) =>
  sheet.labels[k] ?? FUND_COLUMNS.find((c) => c.key === k)!.header;
