/**
 * Every threshold a finding rule uses, read from `AUDIT_<NAME>` (e.g. AUDIT_IDLE_DAYS=365); a bad value stops the
 * start with its name, like the rest of the configuration.
 */
const DEFAULTS = {
  /** 滞留闲置: a fund's available money untouched this many days after issue (high at idleHighDays). */
  idleDays: 365,
  idleHighDays: 730,
  /** 截留: an upper level keeps money unallocated and uncommitted longer than this after receiving it. */
  heldBackDays: 30,
  /** 支出进度: a county's paid ÷ received below this share (percent) at the date… */
  spendingMinPercent: 60,
  /** …or this many percentage points below the average of its province's counties. */
  spendingBelowAveragePoints: 20,
  /** 产业占比: industry projects' share (percent) of a county-year's committed funds at least this. */
  industryMinPercent: 55,
  /** Stalled projects: approved not started, completed not accepted, accepted not settled (days). */
  approvedNotStartedDays: 90,
  completedNotAcceptedDays: 60,
  acceptedNotSettledDays: 90,
  /** 已验收未确权: accepted this many days without registered assets. */
  acceptedWithoutAssetsDays: 90,
  /** 化整为零: several payments within this many days, each under the threshold (yuan), together above it. */
  splitWindowDays: 30,
  splitThresholdYuan: 100_000,
  /** 产业资金直接发钱: an industry project paying at least this share (percent) straight to households. */
  industryToHouseholdsPercent: 50,
  /** 收款集中: one payee taking more than this share (percent) of a county-year's payments. */
  payeeConcentrationPercent: 30,
  /** …counted only in a county-year with at least this many payees (one contractor alone is not a concentration). */
  payeeConcentrationMinPayees: 3,
  /** Assets: operating without income, income undistributed (months). */
  assetNoIncomeMonths: 12,
  incomeUndistributedMonths: 12,
  /** 未公示: a project stage (applied, approved, accepted) this many days old without its notice. */
  noticeMissingDays: 10,
  /** 未公告: a county-year this many days after its first fund arrived without an announcement. */
  announcementMissingDays: 30,
  /** Corrections: reversals per book or per actor in one month above this. */
  reversalsPerMonth: 10,
  /** 账本校验: a book verified OK is not re-hashed while its head is unchanged, for at most this many minutes. */
  verifyCacheMinutes: 10,
};

export type AuditThresholds = { readonly [K in keyof typeof DEFAULTS]: number };

const envName = (key: string) => 'AUDIT_' + key.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();

export function parseAuditThresholds(env: NodeJS.ProcessEnv): AuditThresholds {
  const out: Record<string, number> = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS)) {
    const name = envName(key);
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`Config ${name}=${raw} must be a number ≥ 0`);
    out[key] = value;
  }
  return out as AuditThresholds;
}
