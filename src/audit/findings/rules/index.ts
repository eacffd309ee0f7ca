import { PERFORMANCE_RULES } from '../../performance/performance-findings';
import type { FindingRule } from '../finding';
import { INTEGRITY_RULES } from './integrity-rules';
import { LIFECYCLE_RULES } from './lifecycle-rules';
import { MONEY_RULES } from './money-rules';

export const ALL_RULES: FindingRule[] = [...MONEY_RULES, ...LIFECYCLE_RULES, ...PERFORMANCE_RULES, ...INTEGRITY_RULES];
