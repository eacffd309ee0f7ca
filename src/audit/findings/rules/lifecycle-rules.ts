import type { FindingRule } from '../finding';
import { assetWithoutIncome, distributionSkippedPriority, incomeUndistributed } from './lifecycle/asset-income';
import { announcementMissing, noticeMissing } from './lifecycle/notices';
import { acceptedWithoutAssets, assetsBelowPaid } from './lifecycle/project-assets';
import { reversalsAboveLimit } from './lifecycle/reversals';
import { acceptedNotSettled, approvedNotStarted, completedNotAccepted } from './lifecycle/stalled-projects';

/** Rules about projects, assets, notices and corrections that stall or skip a step (docs/audit/lifecycle-rules.md). */
export const LIFECYCLE_RULES: FindingRule[] = [
  approvedNotStarted,
  completedNotAccepted,
  acceptedNotSettled,
  acceptedWithoutAssets,
  assetsBelowPaid,
  assetWithoutIncome,
  incomeUndistributed,
  distributionSkippedPriority,
  noticeMissing,
  announcementMissing,
  reversalsAboveLimit,
];
