import type { AssetClass, DistributionPurpose, OwnerType } from '../assets/asset.entities';
import type { DisbursementKind } from '../projects/disbursement.entity';
import type { ProjectKind } from '../audit/project-kind';

/** Who a payment goes to: the project's contractor, a household of the county (by index), or a named payee. */
export type PayeeRef =
  | { contractor: true }
  | { household: number }
  | { name: string; type: 'contractor' | 'cooperative' | 'village'; accountNo: string };

export interface PaymentSpec {
  kind: DisbursementKind;
  /** Fen. */
  amount: bigint;
  on: string;
  payee: PayeeRef;
  /** A correction: the payment entry is reversed on this date. */
  reverseOn?: string;
}

export interface AssetSpec {
  assetClass: AssetClass;
  on: string;
  /** Fen; default what the project paid. */
  value?: bigint;
  owner: { type: OwnerType; household?: number; name?: string };
  /** Hand-over (移交) to the village collective. */
  transferOn?: string;
  incomes: Array<{ on: string; amount: bigint }>;
  distributions: Array<{
    on: string;
    items: Array<{ household?: number; purpose?: DistributionPurpose; amount: bigint }>;
  }>;
}

/**
 * One project of a generated county, as far as it gets: the step dates it reaches (a missing date stops it there),
 * its payments and the asset it forms. Plain data, planned before anything is written, so the funds can be sized
 * to what the projects commit.
 */
export interface ProjectSpec {
  code: string;
  name: string;
  regionCode: string;
  category: string;
  kind: ProjectKind;
  /** The commitment (fen) and the fund it is approved on (`<year>:<source level>` or a planted fund's key). */
  budget: bigint;
  fundKey: string;
  applyOn: string;
  reviewOn?: string;
  approveOn?: string;
  startOn?: string;
  completeOn?: string;
  acceptOn?: string;
  end?: { step: 'reject' | 'cancel' | 'fail'; on: string };
  contractor?: { name: string; accountNo: string };
  /** Default: the budget. */
  contractAmount?: bigint;
  /** Default: the budget; `paid` settles what was paid (subsidies). */
  finalCost?: bigint | 'paid';
  payments: PaymentSpec[];
  asset?: AssetSpec;
  /** 三公示 the project skips (planted: notice_missing). */
  skipNotices?: Array<'application' | 'approval' | 'completion'>;
  beneficiaries: { households: number; persons: number };
  performanceGoal: string;
  performanceIndicators?: Array<{ name: string; unit: string; target: string }>;
  /** 利益联结 households (indexes into the county's list); industry projects name listed ones of their village. */
  beneficiaryHouseholds?: number[];
  /**
   * What acceptance records (绩效结果). Default: the goal reached — the households and persons stated, every
   * indicator at its target; `none` records nothing (planted: performance_result_missing).
   */
  results?: 'none' | { households: number; persons: number; indicators?: Array<{ name: string; actual: string }> };
}

/** What a run of a project wrote, for the manifest. */
export interface ProjectIds {
  projectId?: string;
  assetId?: string;
  disbursementIds: string[];
  distributionIds: string[];
}
