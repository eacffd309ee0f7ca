import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { fenTransformer, seqTransformer } from '../database/money.transformer';

export const PROJECT_STATUSES = [
  'applied',
  'reviewed',
  'rejected',
  'approved',
  'in_progress',
  'completed',
  'accepted',
  'failed',
  'settled',
  'cancelled',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** A measurable performance indicator: the target is a decimal string in `unit` (e.g. "1200", 元/户/年). */
export interface PerformanceIndicator {
  name: string;
  unit: string;
  target: string;
}

/** What an indicator reached, in the indicator's own unit. */
export interface IndicatorResult {
  name: string;
  actual: string;
}

/**
 * A project (项目) in the county's project library: a projection of the `project.*` entries of its county book.
 */
@Entity('project')
@Check('chk_project_budget', 'budget > 0 AND self_funded >= 0 AND self_funded <= budget')
@Index('ix_project_region_year', ['regionCode', 'year'])
@Index('ix_project_book_status', ['book', 'status'])
export class Project {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_project' })
  id: string;

  @Column({ type: 'varchar', length: 12 })
  book: string;

  @Column({ name: 'region_code', type: 'varchar', length: 12 })
  regionCode: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  category: string;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'bigint', transformer: fenTransformer })
  budget: bigint;

  @Column({ name: 'self_funded', type: 'bigint', transformer: fenTransformer })
  selfFunded: bigint;

  @Column({ name: 'performance_goal', type: 'text' })
  performanceGoal: string;

  @Column({ name: 'poverty_linkage', type: 'text' })
  povertyLinkage: string;

  @Column({ name: 'beneficiary_households', type: 'int' })
  beneficiaryHouseholds: number;

  @Column({ name: 'beneficiary_persons', type: 'int' })
  beneficiaryPersons: number;

  @Column({ name: 'implementing_unit', type: 'text' })
  implementingUnit: string;

  @Column({ name: 'responsible_person', type: 'text' })
  responsiblePerson: string;

  @Column({ name: 'planned_start', type: 'date', nullable: true })
  plannedStart: string | null;

  @Column({ name: 'planned_end', type: 'date', nullable: true })
  plannedEnd: string | null;

  @Column({ type: 'text' })
  status: ProjectStatus;

  @Column({ name: 'applied_on', type: 'date' })
  appliedOn: string;

  @Column({ type: 'int' })
  year: number;

  /** Effective date of the latest lifecycle step: the next step may not be dated earlier. */
  @Column({ name: 'last_step_on', type: 'date' })
  lastStepOn: string;

  @Column({ name: 'reviewed_on', type: 'date', nullable: true })
  reviewedOn: string | null;

  @Column({ name: 'review_opinion', type: 'text', nullable: true })
  reviewOpinion: string | null;

  @Column({ name: 'approval_doc_no', type: 'text', nullable: true })
  approvalDocNo: string | null;

  @Column({ name: 'approved_on', type: 'date', nullable: true })
  approvedOn: string | null;

  /** Advances may total at most this (fixed at approval from ADVANCE_LIMIT_PERCENT). */
  @Column({ name: 'advance_limit', type: 'bigint', nullable: true, transformer: fenTransformer })
  advanceLimit: bigint | null;

  @Column({ name: 'started_on', type: 'date', nullable: true })
  startedOn: string | null;

  @Column({ type: 'text', nullable: true })
  contractor: string | null;

  @Column({ name: 'contract_amount', type: 'bigint', nullable: true, transformer: fenTransformer })
  contractAmount: bigint | null;

  @Column({ type: 'text', nullable: true })
  procurement: string | null;

  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn: string | null;

  @Column({ name: 'accepted_on', type: 'date', nullable: true })
  acceptedOn: string | null;

  @Column({ name: 'acceptance_result', type: 'text', nullable: true })
  acceptanceResult: 'passed' | 'failed' | null;

  @Column({ name: 'final_cost', type: 'bigint', nullable: true, transformer: fenTransformer })
  finalCost: bigint | null;

  @Column({ name: 'acceptance_opinion', type: 'text', nullable: true })
  acceptanceOpinion: string | null;

  /** Quality retention (质保金) held back from the final payment, fixed at acceptance. */
  @Column({ type: 'bigint', nullable: true, transformer: fenTransformer })
  retention: bigint | null;

  @Column({ name: 'retention_due_on', type: 'date', nullable: true })
  retentionDueOn: string | null;

  @Column({ name: 'cancelled_on', type: 'date', nullable: true })
  cancelledOn: string | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  @Column({ name: 'settled_on', type: 'date', nullable: true })
  settledOn: string | null;

  /** Sum of the advances paid (kind `advance`), for the advance limit. */
  @Column({ name: 'advance_paid', type: 'bigint', default: 0, transformer: fenTransformer })
  advancePaid: bigint;

  /** Seq of the `project.applied` entry in the county book. */
  @Column({ name: 'entry_seq', type: 'bigint', transformer: seqTransformer })
  entrySeq: number;

  /** 绩效指标 stated at application beside the text goal; null when none were stated. */
  @Column({ name: 'performance_indicators', type: 'jsonb', nullable: true })
  performanceIndicators: PerformanceIndicator[] | null;

  /** 利益联结: the listed households named as beneficiaries at application; null when none were named. */
  @Column({ name: 'beneficiary_household_ids', type: 'uuid', array: true, nullable: true })
  beneficiaryHouseholdIds: string[] | null;

  /** 绩效结果 recorded at acceptance: households and persons reached (null: no result recorded). */
  @Column({ name: 'result_households', type: 'int', nullable: true })
  resultHouseholds: number | null;

  @Column({ name: 'result_persons', type: 'int', nullable: true })
  resultPersons: number | null;

  /** Each stated indicator's actual value, in the indicator's own unit. */
  @Column({ name: 'result_indicators', type: 'jsonb', nullable: true })
  resultIndicators: IndicatorResult[] | null;

  /** Seq of the `project.accepted` entry in the county book. */
  @Column({ name: 'acceptance_seq', type: 'bigint', nullable: true, transformer: seqTransformer })
  acceptanceSeq: number | null;
}

/**
 * One fund's commitment to a project: committed at approval, paid out, released back to the pool. committed −
 * released − disbursed is the `project:<id>` balance of that fund in the journal.
 */
@Entity('project_funding')
@Index('ix_project_funding_fund', ['fundId'])
export class ProjectFunding {
  @PrimaryColumn({ name: 'project_id', type: 'uuid', primaryKeyConstraintName: 'pk_project_funding' })
  projectId: string;

  @PrimaryColumn({ name: 'fund_id', type: 'uuid', primaryKeyConstraintName: 'pk_project_funding' })
  fundId: string;

  /** Order of the commitment: seq of the committing entry, then the line's place in it. */
  @Column({ name: 'committed_seq', type: 'bigint', transformer: seqTransformer })
  committedSeq: number;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'bigint', default: 0, transformer: fenTransformer })
  committed: bigint;

  @Column({ type: 'bigint', default: 0, transformer: fenTransformer })
  released: bigint;

  @Column({ type: 'bigint', default: 0, transformer: fenTransformer })
  disbursed: bigint;
}
