import {
  DISBURSEMENT_KIND_LABEL,
  label,
  PAYEE_TYPE_LABEL,
  PROJECT_STATUS_LABEL,
} from '../../excel/export/export-labels';
import { SOURCE_LEVEL_NAMES } from '../../funds/fund.entity';
import { accountLast4, ExportTable, inPeriod, maskedAccount, money } from './export-table';

interface FundRow {
  doc_no: string;
  title: string;
  source_level: string;
  region_code: string;
  region_name: string | null;
  issued_on: string;
  purpose: string | null;
  amount: string;
  allocated: string;
  committed: string;
  disbursed: string;
  available: string;
}

/** Every fund document of the region, allocations received included, with what became of its money. */
export const FUNDS: ExportTable<FundRow> = {
  name: 'funds',
  title: '资金',
  columns: [
    { header: '文号', width: 24, value: (r) => r.doc_no },
    { header: '标题', width: 48, value: (r) => r.title },
    { header: '来源级次', width: 12, value: (r) => label(SOURCE_LEVEL_NAMES, r.source_level) },
    { header: '区划代码', width: 14, value: (r) => r.region_code },
    { header: '区划名称', width: 16, value: (r) => r.region_name },
    { header: '日期', width: 12, value: (r) => r.issued_on },
    { header: '用途', width: 24, value: (r) => r.purpose },
    money('金额(元)', (r) => r.amount),
    money('已下达(元)', (r) => r.allocated),
    money('已安排(元)', (r) => r.committed),
    money('已拨付(元)', (r) => r.disbursed),
    money('可用(元)', (r) => r.available),
  ],
  sql: `
    SELECT f.doc_no, f.title, f.source_level, f.region_code, r.name AS region_name, f.issued_on::text AS issued_on,
           f.purpose, f.amount::text AS amount,
           COALESCE(sum(a.balance) FILTER (WHERE split_part(a.account, ':', 1) = 'allocated'), 0)::text AS allocated,
           COALESCE(sum(a.balance) FILTER (WHERE split_part(a.account, ':', 1) = 'project'), 0)::text AS committed,
           COALESCE(sum(a.balance) FILTER (WHERE split_part(a.account, ':', 1) = 'payee'), 0)::text AS disbursed,
           COALESCE(sum(a.balance) FILTER (WHERE split_part(a.account, ':', 1) = 'pool'), 0)::text AS available
      FROM fund f LEFT JOIN region r ON r.code = f.region_code LEFT JOIN ledger_account a ON a.fund_id = f.id
     WHERE f.region_code LIKE $1 AND ${inPeriod('f.issued_on')}
     GROUP BY f.id, r.name ORDER BY f.issued_on, f.id`,
};

interface AllocationRow {
  issued_on: string;
  doc_no: string;
  from_region: string;
  from_name: string | null;
  parent_doc_no: string;
  to_region: string;
  to_name: string | null;
  source_level: string;
  amount: string;
}

/** 下达: each allocation from a region's fund to a lower region, in or out of the region's subtree. */
export const ALLOCATIONS: ExportTable<AllocationRow> = {
  name: 'allocations',
  title: '资金下达',
  columns: [
    { header: '下达日期', width: 12, value: (r) => r.issued_on },
    { header: '下达文号', width: 24, value: (r) => r.doc_no },
    { header: '来源级次', width: 12, value: (r) => label(SOURCE_LEVEL_NAMES, r.source_level) },
    { header: '下达单位区划', width: 14, value: (r) => r.from_region },
    { header: '下达单位', width: 16, value: (r) => r.from_name },
    { header: '上级文号', width: 24, value: (r) => r.parent_doc_no },
    { header: '接收区划', width: 14, value: (r) => r.to_region },
    { header: '接收单位', width: 16, value: (r) => r.to_name },
    money('金额(元)', (r) => r.amount),
  ],
  sql: `
    SELECT c.issued_on::text AS issued_on, c.doc_no, c.source_level, p.region_code AS from_region,
           pr.name AS from_name, p.doc_no AS parent_doc_no, c.region_code AS to_region, cr.name AS to_name,
           c.amount::text AS amount
      FROM fund c JOIN fund p ON p.id = c.parent_fund_id
      LEFT JOIN region pr ON pr.code = p.region_code LEFT JOIN region cr ON cr.code = c.region_code
     WHERE (c.region_code LIKE $1 OR p.region_code LIKE $1) AND ${inPeriod('c.issued_on')}
     ORDER BY c.issued_on, c.id`,
};

interface ProjectRow {
  name: string;
  category: string;
  region_code: string;
  region_name: string | null;
  year: number;
  status: string;
  applied_on: string;
  approval_doc_no: string | null;
  approved_on: string | null;
  implementing_unit: string;
  budget: string;
  self_funded: string;
  committed: string;
  disbursed: string;
  final_cost: string | null;
}

/** Projects applied for in the period, with the money committed to and paid out of each. */
export const PROJECTS: ExportTable<ProjectRow> = {
  name: 'projects',
  title: '项目',
  columns: [
    { header: '项目名称', width: 36, value: (r) => r.name },
    { header: '类别', width: 14, value: (r) => r.category },
    { header: '区划代码', width: 14, value: (r) => r.region_code },
    { header: '区划名称', width: 18, value: (r) => r.region_name },
    { header: '年度', width: 8, value: (r) => r.year },
    { header: '状态', width: 12, value: (r) => label(PROJECT_STATUS_LABEL, r.status) },
    { header: '申报日期', width: 12, value: (r) => r.applied_on },
    { header: '批复文号', width: 22, value: (r) => r.approval_doc_no },
    { header: '批复日期', width: 12, value: (r) => r.approved_on },
    { header: '实施单位', width: 22, value: (r) => r.implementing_unit },
    money('预算(元)', (r) => r.budget),
    money('自筹(元)', (r) => r.self_funded),
    money('安排资金(元)', (r) => r.committed),
    money('已拨付(元)', (r) => r.disbursed),
    money('决算(元)', (r) => r.final_cost),
  ],
  sql: `
    SELECT p.name, p.category, p.region_code, r.name AS region_name, p.year, p.status,
           p.applied_on::text AS applied_on, p.approval_doc_no, p.approved_on::text AS approved_on,
           p.implementing_unit, p.budget::text AS budget, p.self_funded::text AS self_funded,
           p.final_cost::text AS final_cost,
           COALESCE(sum(pf.committed - pf.released), 0)::text AS committed,
           COALESCE(sum(pf.disbursed), 0)::text AS disbursed
      FROM project p LEFT JOIN region r ON r.code = p.region_code
      LEFT JOIN project_funding pf ON pf.project_id = p.id
     WHERE p.region_code LIKE $1 AND ${inPeriod('p.applied_on')}
     GROUP BY p.id, r.name ORDER BY p.region_code, p.applied_on, p.id`,
};

interface PaymentRow {
  voucher_no: string;
  project_name: string;
  region_code: string;
  kind: string;
  paid_on: string;
  payee_type: string;
  payee_name: string | null;
  id_masked: string | null;
  account_last4: string | null;
  amount: string;
  fund_docs: string | null;
  reversed: boolean;
  book: string;
  entry_seq: string;
}

/** 拨付: payments with the account cut to its last 4 digits in SQL and the household's ID number masked. */
export const PAYMENTS: ExportTable<PaymentRow> = {
  name: 'payments',
  title: '拨付',
  columns: [
    { header: '凭证号', width: 18, value: (r) => r.voucher_no },
    { header: '项目名称', width: 32, value: (r) => r.project_name },
    { header: '区划代码', width: 14, value: (r) => r.region_code },
    { header: '类型', width: 12, value: (r) => label(DISBURSEMENT_KIND_LABEL, r.kind) },
    { header: '拨付日期', width: 12, value: (r) => r.paid_on },
    { header: '收款人', width: 22, value: (r) => r.payee_name },
    { header: '收款人类型', width: 10, value: (r) => label(PAYEE_TYPE_LABEL, r.payee_type) },
    { header: '收款账号', width: 14, value: (r) => maskedAccount(r.account_last4) },
    { header: '身份证号', width: 20, value: (r) => r.id_masked },
    money('金额(元)', (r) => r.amount),
    { header: '资金文号', width: 30, value: (r) => r.fund_docs },
    { header: '状态', width: 8, value: (r) => (r.reversed ? '已冲销' : '正常') },
    { header: '账簿', width: 14, value: (r) => r.book },
    { header: '分录序号', width: 10, value: (r) => Number(r.entry_seq) },
  ],
  sql: `
    SELECT d.voucher_no, p.name AS project_name, p.region_code, d.kind, d.paid_on::text AS paid_on, d.payee_type,
           COALESCE(d.payee_name, h.head_name) AS payee_name, h.id_number_masked AS id_masked,
           ${accountLast4('acc.account_no')} AS account_last4, d.amount::text AS amount,
           d.reversed_seq IS NOT NULL AS reversed, d.book, d.entry_seq,
           (SELECT string_agg(f.doc_no, '; ' ORDER BY f.doc_no)
              FROM jsonb_array_elements(d.funding) x JOIN fund f ON f.id = (x->>'fundId')::uuid) AS fund_docs
      FROM disbursement d JOIN project p ON p.id = d.project_id
      LEFT JOIN household h ON h.id = d.household_id
      LEFT JOIN disbursement_payee_account acc ON acc.disbursement_id = d.id
     WHERE p.region_code LIKE $1 AND ${inPeriod('d.paid_on')}
     ORDER BY d.paid_on, d.id`,
  counts: (r) => !r.reversed,
  totalLabel: '合计(不含已冲销)',
};
