import { CreateHouseholdDto } from '../../households/dto/household.dto';
import {
  HOUSEHOLD_CATEGORIES,
  HouseholdCategory,
  LABOR_CAPACITIES,
  LaborCapacity,
} from '../../households/household.entity';
import { maskIdNumber } from '../../households/id-number';
import { dateOf, displayOf, integerOf, Plain, textOf } from './cell-values';
import { ImportReport, validateAsDto } from './import-report';
import type { ColumnSpec, ParsedSheet } from './sheet-reader';

export type HouseholdColumn =
  'headName' | 'idNumber' | 'regionCode' | 'members' | 'laborCapacity' | 'category' | 'since';

/** Columns of a household-list import, in template order; keys are CreateHouseholdDto's properties. */
export const HOUSEHOLD_COLUMNS: ColumnSpec<HouseholdColumn>[] = [
  {
    key: 'headName',
    header: '户主姓名',
    aliases: ['户主', '姓名', 'head_name'],
    required: true,
    note: '户主姓名,最长50字',
    example: '张三',
  },
  {
    key: 'idNumber',
    header: '身份证号',
    aliases: ['身份证号码', '户主身份证号', '证件号码', 'id_number'],
    required: true,
    note: '18位居民身份证号码;请将此列设为文本格式,否则 Excel 会丢失末几位',
    example: '11010519491231002X',
  },
  {
    key: 'regionCode',
    header: '区划代码',
    aliases: ['村区划代码', '行政区划代码', '区划', 'region_code', 'village'],
    required: false,
    note: '12位村级区划代码;留空则为导入时指定的区划',
    example: '411103100201',
  },
  {
    key: 'members',
    header: '家庭人口',
    aliases: ['人口数', '人口', '家庭人口数', '人数'],
    required: true,
    note: '1–30 的整数',
    example: 4,
  },
  {
    key: 'laborCapacity',
    header: '劳动能力',
    aliases: ['劳动力', '劳动力状况', 'labor_capacity', 'labourCapacity'],
    required: true,
    note: `有劳动能力/弱劳动能力/无劳动能力,或 ${LABOR_CAPACITIES.join('/')}`,
    example: '有劳动能力',
  },
  {
    key: 'category',
    header: '户类型',
    aliases: ['类别', '户类别', '人口类型', '类型'],
    required: true,
    note: `脱贫户/监测户,或 ${HOUSEHOLD_CATEGORIES.join('/')}`,
    example: '脱贫户',
  },
  {
    key: 'since',
    header: '纳入日期',
    aliases: ['识别日期', '建档日期', '纳入时间', 'since', 'date'],
    required: true,
    note: '日期单元格或 YYYY-MM-DD 文本,不得晚于今天',
    example: '2024-01-10',
  },
];

const LABOR: Record<string, LaborCapacity> = {
  有劳动能力: 'full',
  有劳动力: 'full',
  普通劳动力: 'full',
  技能劳动力: 'full',
  全: 'full',
  弱劳动能力: 'partial',
  弱劳动力: 'partial',
  半劳动力: 'partial',
  部分劳动能力: 'partial',
  弱劳动力或半劳动力: 'partial',
  无劳动能力: 'none',
  无劳动力: 'none',
  丧失劳动力: 'none',
  丧失劳动能力: 'none',
};
const CATEGORY: Record<string, HouseholdCategory> = {
  脱贫户: 'lifted',
  脱贫人口: 'lifted',
  脱贫不稳定户: 'monitored',
  监测户: 'monitored',
  监测对象: 'monitored',
  边缘易致贫户: 'monitored',
  突发严重困难户: 'monitored',
};

function mapped<T extends string>(value: Plain, allowed: readonly T[], aliases: Record<string, T>): T | undefined {
  const t = textOf(value)?.replace(/\s+/g, '');
  if (!t) return undefined;
  if ((allowed as readonly string[]).includes(t.toLowerCase())) return t.toLowerCase() as T;
  return aliases[t];
}

/** An ID number never goes into a report in full: masked when it has 18 characters, else withheld. */
export function maskedCell(value: Plain): string | undefined {
  const t = textOf(value);
  return t && t.length === 18 ? maskIdNumber(t.toUpperCase()) : undefined;
}

export interface HouseholdRow {
  row: number;
  dto: CreateHouseholdDto;
}

/** Cells → CreateHouseholdDto → the DTO's own validation (ID number check digit included). */
export async function householdRowsOf(
  sheet: ParsedSheet<HouseholdColumn>,
  defaultRegion: string | undefined,
  report: ImportReport,
): Promise<HouseholdRow[]> {
  const good: HouseholdRow[] = [];
  for (const { row, cells } of sheet.rows) {
    const own = new Map<HouseholdColumn, string>();
    const id = cells.idNumber ?? null;
    if (typeof id === 'number')
      own.set(
        'idNumber',
        'was typed as a number, which Excel rounds to 15 digits; ' +
          'format the column as text and type it again (身份证号须为文本格式)',
      );
    const labor = mapped(cells.laborCapacity ?? null, LABOR_CAPACITIES, LABOR);
    if (!labor)
      own.set(
        'laborCapacity',
        `must be 有劳动能力/弱劳动能力/无劳动能力 (${LABOR_CAPACITIES.join(', ')}) (劳动能力无效)`,
      );
    const category = mapped(cells.category ?? null, HOUSEHOLD_CATEGORIES, CATEGORY);
    if (!category) own.set('category', `must be 脱贫户/监测户 (${HOUSEHOLD_CATEGORIES.join(', ')}) (户类型无效)`);
    const since = dateOf(cells.since ?? null);
    if (!since.ok) own.set('since', since.reason);
    const plain: Record<string, unknown> = {
      headName: textOf(cells.headName ?? null),
      idNumber: typeof id === 'string' ? id.trim() : undefined,
      regionCode: textOf(cells.regionCode ?? null) ?? defaultRegion,
      members: integerOf(cells.members ?? null),
      laborCapacity: labor,
      category,
      since: since.ok ? since.value : undefined,
    };
    const { dto, errors } = await validateAsDto(CreateHouseholdDto, plain);
    for (const [k, reason] of errors) if (!own.has(k as HouseholdColumn)) own.set(k as HouseholdColumn, reason);
    for (const [k, reason] of own) {
      const value = k === 'idNumber' ? maskedCell(cells.idNumber ?? null) : displayOf(cells[k] ?? null);
      report.add(row, householdLabel(sheet, k), reason, value);
    }
    if (!own.size) good.push({ row, dto });
  }
  return good;
}

export const householdLabel = (sheet: ParsedSheet<HouseholdColumn>, k: HouseholdColumn) =>
  sheet.labels[k] ?? HOUSEHOLD_COLUMNS.find((c) => c.key === k)!.header;
