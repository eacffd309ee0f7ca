import { ASSET_CLASS_LABEL, ASSET_STATUS_LABEL, label, OWNER_TYPE_LABEL } from '../../excel/export/export-labels';
import { ExportTable, inPeriod, money } from './export-table';

interface AssetRow {
  asset_no: string;
  name: string;
  asset_class: string;
  project_name: string;
  approval_doc_no: string | null;
  location: string;
  location_name: string | null;
  value: string;
  registered_on: string;
  accepted_on: string | null;
  handed_over_on: string | null;
  owner_type: string;
  owner_name: string | null;
  custodian: string;
  status: string;
  income_total: string;
  distributed_total: string;
}

/** 资产: assets registered in the period where they stand; a household owner by its 户主's name only. */
export const ASSETS: ExportTable<AssetRow> = {
  name: 'assets',
  title: '资产',
  columns: [
    { header: '资产编号', width: 22, value: (r) => r.asset_no },
    { header: '资产名称', width: 28, value: (r) => r.name },
    { header: '资产类别', width: 10, value: (r) => label(ASSET_CLASS_LABEL, r.asset_class) },
    { header: '项目名称', width: 30, value: (r) => r.project_name },
    { header: '批复文号', width: 22, value: (r) => r.approval_doc_no },
    { header: '区划代码', width: 14, value: (r) => r.location },
    { header: '坐落位置', width: 16, value: (r) => r.location_name },
    money('资产原值(元)', (r) => r.value),
    { header: '登记日期', width: 12, value: (r) => r.registered_on },
    { header: '验收日期', width: 12, value: (r) => r.accepted_on },
    { header: '移交日期', width: 12, value: (r) => r.handed_over_on },
    { header: '所有权人类型', width: 12, value: (r) => label(OWNER_TYPE_LABEL, r.owner_type) },
    { header: '所有权人', width: 24, value: (r) => r.owner_name },
    { header: '管护主体', width: 24, value: (r) => r.custodian },
    { header: '状态', width: 8, value: (r) => label(ASSET_STATUS_LABEL, r.status) },
    money('累计收益(元)', (r) => r.income_total),
    money('累计分配(元)', (r) => r.distributed_total),
  ],
  sql: `
    SELECT a.asset_no, a.name, a.asset_class, p.name AS project_name, p.approval_doc_no, a.location,
           r.name AS location_name, a.value::text AS value, a.registered_on::text AS registered_on,
           a.accepted_on::text AS accepted_on, a.handed_over_on::text AS handed_over_on, a.owner_type,
           COALESCE(a.owner_name, h.head_name, orr.name) AS owner_name, a.custodian, a.status,
           a.income_total::text AS income_total, a.distributed_total::text AS distributed_total
      FROM asset a JOIN project p ON p.id = a.project_id
      LEFT JOIN region r ON r.code = a.location
      LEFT JOIN region orr ON orr.code = a.owner_region_code
      LEFT JOIN household h ON h.id = a.owner_household_id
     WHERE a.location LIKE $1 AND ${inPeriod('a.registered_on')}
     ORDER BY a.location, a.registered_on, a.id`,
};

interface IncomeRow {
  received_on: string;
  asset_no: string;
  asset_name: string;
  location: string;
  period: string;
  source: string;
  amount: string;
  reversed: boolean;
  book: string;
  entry_seq: string;
}

/** 资产收益: income of the region's assets received in the period. */
export const INCOME: ExportTable<IncomeRow> = {
  name: 'income',
  title: '资产收益',
  columns: [
    { header: '收款日期', width: 12, value: (r) => r.received_on },
    { header: '资产编号', width: 22, value: (r) => r.asset_no },
    { header: '资产名称', width: 28, value: (r) => r.asset_name },
    { header: '区划代码', width: 14, value: (r) => r.location },
    { header: '收益期间', width: 14, value: (r) => r.period },
    { header: '收益来源', width: 24, value: (r) => r.source },
    money('金额(元)', (r) => r.amount),
    { header: '状态', width: 8, value: (r) => (r.reversed ? '已冲销' : '正常') },
    { header: '账簿', width: 14, value: (r) => r.book },
    { header: '分录序号', width: 10, value: (r) => Number(r.entry_seq) },
  ],
  sql: `
    SELECT i.received_on::text AS received_on, a.asset_no, a.name AS asset_name, a.location, i.period, i.source,
           i.amount::text AS amount, i.reversed_seq IS NOT NULL AS reversed, i.book, i.entry_seq
      FROM asset_income i JOIN asset a ON a.id = i.asset_id
     WHERE a.location LIKE $1 AND ${inPeriod('i.received_on')}
     ORDER BY i.received_on, i.id`,
  counts: (r) => !r.reversed,
  totalLabel: '合计(不含已冲销)',
};

interface DistributionRow {
  distributed_on: string;
  asset_no: string;
  asset_name: string;
  location: string;
  head_name: string | null;
  id_masked: string | null;
  purpose: string | null;
  amount: string;
  reversed: boolean;
  book: string;
  entry_seq: string;
}

/** 收益分配: each line of a distribution — to a household (name, masked ID number) or to a purpose. */
export const DISTRIBUTIONS: ExportTable<DistributionRow> = {
  name: 'distributions',
  title: '收益分配',
  columns: [
    { header: '分配日期', width: 12, value: (r) => r.distributed_on },
    { header: '资产编号', width: 22, value: (r) => r.asset_no },
    { header: '资产名称', width: 28, value: (r) => r.asset_name },
    { header: '区划代码', width: 14, value: (r) => r.location },
    { header: '户主', width: 12, value: (r) => r.head_name },
    { header: '身份证号', width: 20, value: (r) => r.id_masked },
    { header: '用途', width: 24, value: (r) => r.purpose },
    money('金额(元)', (r) => r.amount),
    { header: '状态', width: 8, value: (r) => (r.reversed ? '已冲销' : '正常') },
    { header: '账簿', width: 14, value: (r) => r.book },
    { header: '分录序号', width: 10, value: (r) => Number(r.entry_seq) },
  ],
  sql: `
    SELECT d.distributed_on::text AS distributed_on, a.asset_no, a.name AS asset_name, a.location, h.head_name,
           h.id_number_masked AS id_masked, d.purpose, d.amount::text AS amount,
           d.reversed_seq IS NOT NULL AS reversed, d.book, d.entry_seq
      FROM asset_distribution d JOIN asset a ON a.id = d.asset_id
      LEFT JOIN household h ON h.id = d.household_id
     WHERE a.location LIKE $1 AND ${inPeriod('d.distributed_on')}
     ORDER BY d.distributed_on, d.distribution_id, d.position`,
  counts: (r) => !r.reversed,
  totalLabel: '合计(不含已冲销)',
};
