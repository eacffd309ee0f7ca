/** Chinese labels of the enums, as a finance office reads them. */
export const PROJECT_STATUS_LABEL: Record<string, string> = {
  applied: '已申报',
  reviewed: '已审核',
  rejected: '已退回',
  approved: '已批复',
  in_progress: '实施中',
  completed: '已完工',
  accepted: '已验收',
  failed: '验收未通过',
  settled: '已结算',
  cancelled: '已取消',
};
export const DISBURSEMENT_KIND_LABEL: Record<string, string> = {
  advance: '预付款',
  progress: '进度款',
  final: '结算款',
  retention_release: '质保金返还',
  household: '到户补助',
};
export const PAYEE_TYPE_LABEL: Record<string, string> = {
  contractor: '施工单位',
  cooperative: '合作社',
  household: '农户',
  village: '村集体',
};
export const label = (map: Record<string, string>, key: string | null | undefined) => (key ? (map[key] ?? key) : null);
export const ASSET_CLASS_LABEL: Record<string, string> = {
  operating: '经营性',
  public_welfare: '公益性',
  household: '到户类',
};
export const ASSET_STATUS_LABEL: Record<string, string> = { in_use: '在用', idle: '闲置', disposed: '已处置' };
export const OWNER_TYPE_LABEL: Record<string, string> = {
  village_collective: '村集体',
  household: '农户',
  township: '乡镇',
  department: '行业部门',
};
