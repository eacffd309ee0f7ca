import type { FindingRule } from '../findings/finding';

/** 绩效 rules: accepted projects without results or below their goal, beneficiaries not named households. */
export const PERFORMANCE_RULES: FindingRule[] = [];
