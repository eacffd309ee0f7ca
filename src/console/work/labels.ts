import type { ProjectStatus } from '../../projects/project.entity';
import { ASSET_STATUS_LABEL, OWNER_TYPE_LABEL } from '../../excel/export/export-labels';

export const STATUS_NAMES: Record<ProjectStatus, string> = {
  applied: '已申报',
  reviewed: '乡镇已审核',
  rejected: '已退回',
  approved: '已批复',
  in_progress: '实施中',
  completed: '已完工',
  accepted: '已验收',
  failed: '验收未通过',
  settled: '已结算',
  cancelled: '已终止',
};

export const ENTRY_NAMES: Record<string, string> = {
  'project.applied': '申报',
  'project.reviewed': '乡镇审核',
  'project.approved': '审批（批复）',
  'project.started': '开工实施',
  'project.completed': '完工',
  'project.accepted': '验收',
  'project.cancelled': '终止',
  'project.settled': '结算',
  'notice.published': '发布公示',
  'disbursement.posted': '拨付',
  'disbursement.paid': '拨付',
  'objection.filed': '收到异议',
  'objection.resolved': '答复异议',
  'asset.registered': '资产登记',
  'asset.transferred': '资产移交',
  'asset.income_received': '资产收益',
  'asset.income_distributed': '收益分配',
  'asset.disposed': '资产处置',
  'entry.reversed': '冲正',
};

export const CLASS_NAMES: Record<string, string> = {
  operating: '经营性资产',
  public_welfare: '公益性资产',
  household: '到户类资产',
};

/** The words of the Excel exports, so a page and its download name an owner alike (行业部门: DOMAIN.md). */
export const OWNER_NAMES = OWNER_TYPE_LABEL;
export const ASSET_STATUS_NAMES = ASSET_STATUS_LABEL;

export const PURPOSE_NAMES: Record<string, string> = {
  public_welfare_job: '公益岗位工资',
  upkeep: '管护维修',
  industry_award: '产业奖补',
  collective: '村集体经济',
};

export const LABOR_NAMES: Record<string, string> = { full: '有劳动能力', partial: '弱劳动能力', none: '无劳动能力' };
export const HOUSEHOLD_STATUS_NAMES: Record<string, string> = { listed: '在册', exited: '已退出' };
export const OBJECTION_STATUS_NAMES: Record<string, string> = { open: '待答复', resolved: '已答复' };
export const HOUSEHOLD_CATEGORY_NAMES: Record<string, string> = { lifted: '脱贫户', monitored: '监测户' };

export const options = (names: Record<string, string>): Array<[string, string]> => Object.entries(names);
