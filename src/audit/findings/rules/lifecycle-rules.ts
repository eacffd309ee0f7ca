import type { FindingRule } from '../finding';

/** Rules about projects, assets, notices and corrections that stall or skip a step. */
export const LIFECYCLE_RULES: FindingRule[] = [];
