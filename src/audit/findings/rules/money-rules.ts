import type { FindingRule } from '../finding';

/** Rules about where money sits and to whom it went (idle, held back, spending, payees, splits, contracts). */
export const MONEY_RULES: FindingRule[] = [];
