/**
 * The findings rules by code, with their Chinese names. Codes are the API's `rule` values and the generator's
 * planted irregularities; one list so the two cannot drift.
 */
export const RULES = {
  idle_funds: '滞留闲置',
  held_back: '截留/下达超时',
  slow_spending: '支出进度滞后',
  industry_share: '产业资金占比不足',
  approved_not_started: '批复后未开工',
  completed_not_accepted: '完工未验收',
  accepted_not_settled: '验收未报账',
  accepted_without_assets: '已验收未确权',
  assets_below_paid: '资产登记价值低于支出',
  split_payments: '化整为零',
  over_contract: '超合同支付',
  one_account_many_names: '一个账户多个收款人',
  paid_after_exit: '退出后仍有支付或分配',
  works_paid_to_individual: '工程款支付给个人',
  industry_cash_to_households: '产业资金直接发钱',
  payee_concentration: '收款集中',
  asset_without_income: '经营性资产无收益',
  income_undistributed: '收益未分配',
  distribution_skipped_priority: '分配未优先无劳动能力户',
  notice_missing: '未公示',
  announcement_missing: '未公告',
  reversals_above_limit: '冲正频繁',
  book_fails_verification: '账本校验失败',
  witness_refused: '见证方拒绝联署',
  reconciliation_failed: '对账不平',
  performance_result_missing: '未填报绩效结果',
  performance_below_goal: '绩效未达目标',
  beneficiaries_not_listed: '利益联结户不在名单',
} as const;

export type RuleCode = keyof typeof RULES;
export const RULE_CODES = Object.keys(RULES) as RuleCode[];
