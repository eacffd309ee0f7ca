import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { subtreePrefix } from '../../common/region-code';
import { SOURCE_LEVEL_NAMES } from '../../funds/fund.entity';
import { DISBURSEMENT_KIND_LABEL, label, PAYEE_TYPE_LABEL, PROJECT_STATUS_LABEL } from './export-labels';
import { ExportColumn, pagesOf, streamSheet } from './sheet-writer';

interface FundRow {
  id: string;
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
interface ProjectRow {
  id: string;
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
interface DisbursementRow {
  id: string;
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
}

const fen = (text: string | null) => (text === null ? null : BigInt(text));
const money = <T>(header: string, value: (r: T) => string | null, width = 16): ExportColumn<T> => ({
  header,
  width,
  money: true,
  value: (r) => fen(value(r)),
});

const FUND_COLUMNS: ExportColumn<FundRow>[] = [
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
];

const PROJECT_COLUMNS: ExportColumn<ProjectRow>[] = [
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
];

const DISBURSEMENT_COLUMNS: ExportColumn<DisbursementRow>[] = [
  { header: '凭证号', width: 18, value: (r) => r.voucher_no },
  { header: '项目名称', width: 32, value: (r) => r.project_name },
  { header: '区划代码', width: 14, value: (r) => r.region_code },
  { header: '类型', width: 12, value: (r) => label(DISBURSEMENT_KIND_LABEL, r.kind) },
  { header: '拨付日期', width: 12, value: (r) => r.paid_on },
  { header: '收款人', width: 22, value: (r) => r.payee_name },
  { header: '收款人类型', width: 10, value: (r) => label(PAYEE_TYPE_LABEL, r.payee_type) },
  { header: '收款账号', width: 14, value: (r) => (r.account_last4 ? `****${r.account_last4}` : null) },
  { header: '身份证号', width: 20, value: (r) => r.id_masked },
  money('金额(元)', (r) => r.amount),
  { header: '资金文号', width: 30, value: (r) => r.fund_docs },
  { header: '状态', width: 8, value: (r) => (r.reversed ? '已冲销' : '正常') },
];

/** Exports of a region's subtree, page by page; bank accounts cut to 4 digits in SQL, the full number never read. */
@Injectable()
export class ExportService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  funds(out: Writable, regionCode: string, year?: number): Promise<number> {
    const pages = pagesOf<FundRow>((after, limit) =>
      this.db.query(
        `SELECT f.id, f.doc_no, f.title, f.source_level, f.region_code, r.name AS region_name,
              f.issued_on::text AS issued_on, f.purpose, f.amount::text AS amount,
              COALESCE(sum(a.balance) FILTER (WHERE split_part(a.account, ':', 1) = 'allocated'), 0)::text AS allocated,
              COALESCE(sum(a.balance) FILTER (WHERE split_part(a.account, ':', 1) = 'project'), 0)::text AS committed,
              COALESCE(sum(a.balance) FILTER (WHERE split_part(a.account, ':', 1) = 'payee'), 0)::text AS disbursed,
              COALESCE(sum(a.balance) FILTER (WHERE split_part(a.account, ':', 1) = 'pool'), 0)::text AS available
           FROM fund f LEFT JOIN region r ON r.code = f.region_code LEFT JOIN ledger_account a ON a.fund_id = f.id
          WHERE f.region_code LIKE $1 AND ($2::int IS NULL OR f.year = $2)
            AND ($3::date IS NULL OR (f.issued_on, f.id) > ($3::date, $4::uuid))
          GROUP BY f.id, r.name ORDER BY f.issued_on, f.id LIMIT $5`,
        [`${subtreePrefix(regionCode)}%`, year ?? null, after?.issued_on ?? null, after?.id ?? null, limit],
      ),
    );
    return streamSheet(out, '资金', FUND_COLUMNS, pages);
  }

  projects(out: Writable, regionCode: string, year?: number): Promise<number> {
    const pages = pagesOf<ProjectRow>((after, limit) =>
      this.db.query(
        `SELECT p.id, p.name, p.category, p.region_code, r.name AS region_name, p.year, p.status,
                p.applied_on::text AS applied_on, p.approval_doc_no, p.approved_on::text AS approved_on,
                p.implementing_unit, p.budget::text AS budget,
                p.self_funded::text AS self_funded, p.final_cost::text AS final_cost,
                COALESCE(sum(pf.committed - pf.released), 0)::text AS committed,
                COALESCE(sum(pf.disbursed), 0)::text AS disbursed
           FROM project p LEFT JOIN region r ON r.code = p.region_code
           LEFT JOIN project_funding pf ON pf.project_id = p.id
          WHERE p.region_code LIKE $1 AND ($2::int IS NULL OR p.year = $2)
            AND ($3::varchar IS NULL OR (p.region_code, p.id) > ($3::varchar, $4::uuid))
          GROUP BY p.id, r.name ORDER BY p.region_code, p.id LIMIT $5`,
        [`${subtreePrefix(regionCode)}%`, year ?? null, after?.region_code ?? null, after?.id ?? null, limit],
      ),
    );
    return streamSheet(out, '项目', PROJECT_COLUMNS, pages);
  }

  /** Reversed payments are listed (状态 已冲销) but left out of the 合计. */
  disbursements(out: Writable, regionCode: string, year?: number): Promise<number> {
    const pages = pagesOf<DisbursementRow>((after, limit) =>
      this.db.query(
        `SELECT d.id, d.voucher_no, p.name AS project_name, p.region_code, d.kind, d.paid_on::text AS paid_on,
                d.payee_type,
                COALESCE(d.payee_name, h.head_name) AS payee_name, h.id_number_masked AS id_masked,
                right(regexp_replace(acc.account_no, '\\s', '', 'g'), 4) AS account_last4, d.amount::text AS amount,
                d.reversed_seq IS NOT NULL AS reversed,
                (SELECT string_agg(f.doc_no, '; ' ORDER BY f.doc_no)
                   FROM jsonb_array_elements(d.funding) x JOIN fund f ON f.id = (x->>'fundId')::uuid) AS fund_docs
           FROM disbursement d JOIN project p ON p.id = d.project_id
           LEFT JOIN household h ON h.id = d.household_id
           LEFT JOIN disbursement_payee_account acc ON acc.disbursement_id = d.id
          WHERE p.region_code LIKE $1
            AND ($2::int IS NULL OR d.paid_on >= make_date($2, 1, 1) AND d.paid_on < make_date($2 + 1, 1, 1))
            AND ($3::date IS NULL OR (d.paid_on, d.id) > ($3::date, $4::uuid))
          ORDER BY d.paid_on, d.id LIMIT $5`,
        [`${subtreePrefix(regionCode)}%`, year ?? null, after?.paid_on ?? null, after?.id ?? null, limit],
      ),
    );
    return streamSheet(out, '拨付', DISBURSEMENT_COLUMNS, pages, {
      counts: (r) => !r.reversed,
      totalLabel: '合计(不含已冲销)',
    });
  }
}
