/**
 * The Fiscal Data Package of a county-year: a Frictionless Data Package whose fields carry the FDP `columnType`
 * (fiscal taxonomy) and a `model` naming the measure and dimensions (docs/open-data.md lists the columns).
 */
export interface FdpField {
  name: string;
  title: string;
  type: 'string' | 'number' | 'integer' | 'date';
  columnType?: string;
  description?: string;
}

export const TRANSACTION_FIELDS: FdpField[] = [
  { name: 'fiscal_year', title: '年度', type: 'integer', columnType: 'date:fiscal-year' },
  {
    name: 'county_code',
    title: '县级区划代码',
    type: 'string',
    columnType: 'administrative-classification:generic:level1:code',
    description: 'the county book (县级报账) the money moved in',
  },
  { name: 'region_code', title: '区划代码', type: 'string', columnType: 'geo-source:target:code' },
  {
    name: 'phase',
    title: '阶段',
    type: 'string',
    columnType: 'phase:id',
    description: 'allocated: 指标到县; committed: 项目批复占用 (negative: released); paid: 拨付/报账',
  },
  { name: 'date', title: '日期', type: 'date', columnType: 'date:generic' },
  { name: 'entry', title: '台账记录', type: 'string', description: 'journal entry <book>-<seq>: the proof' },
  { name: 'posting', title: '分录', type: 'integer', description: 'the posting of the entry (idx)' },
  { name: 'doc_no', title: '文号', type: 'string', columnType: 'transaction-id:budget-code' },
  { name: 'source_level', title: '资金来源级次', type: 'string', columnType: 'fin-source:generic:code' },
  { name: 'source_level_name', title: '资金来源', type: 'string', columnType: 'fin-source:generic:label' },
  { name: 'project_id', title: '项目编号', type: 'string', columnType: 'activity:generic:project:code' },
  { name: 'project_name', title: '项目名称', type: 'string', columnType: 'activity:generic:project:label' },
  { name: 'recipient_type', title: '收款人类型', type: 'string', columnType: 'recipient:generic:type' },
  {
    name: 'recipient_name',
    title: '收款人',
    type: 'string',
    columnType: 'recipient:generic:name',
    description: 'organisations only; empty for households (农户不公开姓名)',
  },
  { name: 'amount', title: '金额（元）', type: 'number', columnType: 'value', description: 'yuan, exact decimal' },
];

export const FUND_FIELDS: FdpField[] = [
  { name: 'doc_no', title: '文号', type: 'string', columnType: 'transaction-id:budget-code' },
  { name: 'title', title: '文件标题', type: 'string' },
  { name: 'source_level', title: '资金来源级次', type: 'string', columnType: 'fin-source:generic:code' },
  { name: 'source_level_name', title: '资金来源', type: 'string', columnType: 'fin-source:generic:label' },
  { name: 'region_code', title: '区划代码', type: 'string', columnType: 'geo-source:target:code' },
  { name: 'issued_on', title: '下达日期', type: 'date', columnType: 'date:generic' },
  { name: 'year', title: '年度', type: 'integer' },
];

const resource = (name: string, title: string, fields: FdpField[], primaryKey: string[]) => ({
  name,
  title,
  path: `${name}.csv`,
  profile: 'tabular-data-resource',
  format: 'csv',
  mediatype: 'text/csv',
  encoding: 'utf-8',
  dialect: { delimiter: ',', header: true },
  schema: { fields, primaryKey },
});

export function fdpDescriptor(county: { code: string; name: string }, year: number, created: string) {
  return {
    profile: 'fiscal-data-package',
    name: `sunshine-ledger-${county.code}-${year}`,
    title: `${county.name} ${year} 年衔接推进乡村振兴补助资金：指标、项目占用与拨付`,
    description:
      'Every movement of fiscal funds in the county book in the year, from the append-only journal: funds ' +
      'received (allocated), committed to approved projects, and paid. Amounts are exact yuan decimals.',
    countryCode: 'CN',
    currencyCode: 'CNY',
    fiscalPeriod: { start: `${year}-01-01`, end: `${year}-12-31` },
    regions: [county.name],
    granularity: 'transactional',
    created,
    resources: [
      resource('transactions', '资金流水', TRANSACTION_FIELDS, ['entry', 'posting']),
      resource('funds', '指标文件', FUND_FIELDS, ['doc_no']),
    ],
    model: {
      measures: { amount: { source: 'amount', currency: 'CNY' } },
      dimensions: {
        date: { dimensionType: 'datetime', attributes: { year: { source: 'fiscal_year' } }, primaryKey: ['year'] },
        budget: {
          dimensionType: 'classification',
          attributes: { doc_no: { source: 'doc_no' } },
          primaryKey: ['doc_no'],
        },
        source: {
          dimensionType: 'classification',
          attributes: { code: { source: 'source_level' }, label: { source: 'source_level_name', labelfor: 'code' } },
          primaryKey: ['code'],
        },
        location: { dimensionType: 'location', attributes: { code: { source: 'region_code' } }, primaryKey: ['code'] },
        phase: { dimensionType: 'other', attributes: { id: { source: 'phase' } }, primaryKey: ['id'] },
        recipient: {
          dimensionType: 'entity',
          attributes: { type: { source: 'recipient_type' }, name: { source: 'recipient_name' } },
          primaryKey: ['type', 'name'],
        },
      },
    },
  };
}
