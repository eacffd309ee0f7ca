import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { fenTransformer, seqTransformer } from '../database/money.transformer';

export const ASSET_CLASSES = ['operating', 'public_welfare', 'household'] as const;
export type AssetClass = (typeof ASSET_CLASSES)[number];
export const OWNER_TYPES = ['village_collective', 'household', 'township', 'department'] as const;
export type OwnerType = (typeof OWNER_TYPES)[number];
/** in use / idle / disposed (DOMAIN.md register columns); idle has no route yet. */
export const ASSET_STATUSES = ['in_use', 'idle', 'disposed'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];
export const DISPOSAL_METHODS = ['sale', 'transfer', 'scrap', 'loss'] as const;
export type DisposalMethod = (typeof DISPOSAL_METHODS)[number];
export const PROCEEDS_TO = ['village_collective', 'county_treasury'] as const;
export type ProceedsTo = (typeof PROCEEDS_TO)[number];
/** What income may be distributed to besides households (DOMAIN.md income priority). */
export const DISTRIBUTION_PURPOSES = ['public_welfare_job', 'upkeep', 'industry_award', 'collective'] as const;
export type DistributionPurpose = (typeof DISTRIBUTION_PURPOSES)[number];

/**
 * A project asset (扶贫项目资产) in the county register: a projection of `asset.*` entries. The current
 * owner is denormalised (history in asset_ownership); income totals are running sums of postings.
 */
@Entity('asset')
@Check('chk_asset_value', 'value > 0')
@Index('uq_asset_book_asset_no', ['book', 'assetNo'], { unique: true })
@Index('ix_asset_project', ['projectId'])
@Index('ix_asset_location', ['location'])
export class Asset {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_asset' })
  id: string;

  @Column({ type: 'varchar', length: 12 })
  book: string;

  /** 资产编号, unique in the county book. */
  @Column({ name: 'asset_no', type: 'text' })
  assetNo: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'asset_class', type: 'text' })
  assetClass: AssetClass;

  /** 12-digit region code where the asset is. */
  @Column({ type: 'varchar', length: 12 })
  location: string;

  /** The village whose households and collective the asset serves, if any. */
  @Column({ name: 'village_code', type: 'varchar', length: 12, nullable: true })
  villageCode: string | null;

  /** 原值 in fen. */
  @Column({ type: 'bigint', transformer: fenTransformer })
  value: bigint;

  @Column({ name: 'registered_on', type: 'date' })
  registeredOn: string;

  @Column({ name: 'built_on', type: 'date', nullable: true })
  builtOn: string | null;

  @Column({ name: 'accepted_on', type: 'date', nullable: true })
  acceptedOn: string | null;

  /** Date of the latest hand-over (移交); null until the first. */
  @Column({ name: 'handed_over_on', type: 'date', nullable: true })
  handedOverOn: string | null;

  @Column({ name: 'owner_type', type: 'text' })
  ownerType: OwnerType;

  @Column({ name: 'owner_region_code', type: 'varchar', length: 12, nullable: true })
  ownerRegionCode: string | null;

  @Column({ name: 'owner_household_id', type: 'uuid', nullable: true })
  ownerHouseholdId: string | null;

  /** Organisation owners only: a household's name is personal data kept in its own table. */
  @Column({ name: 'owner_name', type: 'text', nullable: true })
  ownerName: string | null;

  /** 经营主体. */
  @Column({ type: 'text', nullable: true })
  operator: string | null;

  /** 管护主体. */
  @Column({ type: 'text' })
  custodian: string;

  @Column({ name: 'responsible_person', type: 'text', nullable: true })
  responsiblePerson: string | null;

  @Column({ name: 'certificate_no', type: 'text', nullable: true })
  certificateNo: string | null;

  @Column({ name: 'beneficiary_households', type: 'int' })
  beneficiaryHouseholds: number;

  @Column({ name: 'beneficiary_persons', type: 'int' })
  beneficiaryPersons: number;

  @Column({ type: 'text' })
  status: AssetStatus;

  /** Effective date of the latest step: hand-overs and disposal may not be dated earlier. */
  @Column({ name: 'last_step_on', type: 'date' })
  lastStepOn: string;

  @Column({ name: 'income_total', type: 'bigint', default: 0, transformer: fenTransformer })
  incomeTotal: bigint;

  @Column({ name: 'distributed_total', type: 'bigint', default: 0, transformer: fenTransformer })
  distributedTotal: bigint;

  @Column({ name: 'disposal_method', type: 'text', nullable: true })
  disposalMethod: DisposalMethod | null;

  @Column({ name: 'disposed_on', type: 'date', nullable: true })
  disposedOn: string | null;

  @Column({ name: 'village_assembly_on', type: 'date', nullable: true })
  villageAssemblyOn: string | null;

  @Column({ name: 'township_approved_on', type: 'date', nullable: true })
  townshipApprovedOn: string | null;

  @Column({ name: 'county_approved_on', type: 'date', nullable: true })
  countyApprovedOn: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: fenTransformer })
  proceeds: bigint | null;

  @Column({ name: 'proceeds_to', type: 'text', nullable: true })
  proceedsTo: ProceedsTo | null;

  /** Seq of the `asset.registered` entry in the county book. */
  @Column({ name: 'entry_seq', type: 'bigint', transformer: seqTransformer })
  entrySeq: number;
}

/** The share of an asset's value attributed to one fund that paid its project (exact to the fen). */
@Entity('asset_funding')
@Check('chk_asset_funding_amount', 'amount > 0')
@Index('ix_asset_funding_fund', ['fundId'])
export class AssetFunding {
  @PrimaryColumn({ name: 'asset_id', type: 'uuid', primaryKeyConstraintName: 'pk_asset_funding' })
  assetId: string;

  @PrimaryColumn({ name: 'fund_id', type: 'uuid', primaryKeyConstraintName: 'pk_asset_funding' })
  fundId: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'bigint', transformer: fenTransformer })
  amount: bigint;
}

/** Every owner an asset has had: position 0 at registration, then one row per hand-over (移交). */
@Entity('asset_ownership')
export class AssetOwnership {
  @PrimaryColumn({ name: 'asset_id', type: 'uuid', primaryKeyConstraintName: 'pk_asset_ownership' })
  assetId: string;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_asset_ownership' })
  position: number;

  @Column({ name: 'owner_type', type: 'text' })
  ownerType: OwnerType;

  @Column({ name: 'owner_region_code', type: 'varchar', length: 12, nullable: true })
  ownerRegionCode: string | null;

  @Column({ name: 'owner_household_id', type: 'uuid', nullable: true })
  ownerHouseholdId: string | null;

  @Column({ name: 'owner_name', type: 'text', nullable: true })
  ownerName: string | null;

  @Column({ type: 'text', nullable: true })
  operator: string | null;

  @Column({ type: 'text' })
  custodian: string;

  @Column({ name: 'responsible_person', type: 'text', nullable: true })
  responsiblePerson: string | null;

  @Column({ name: 'from_on', type: 'date' })
  fromOn: string;

  /** The hand-over document (移交文号); null for the registration. */
  @Column({ name: 'doc_no', type: 'text', nullable: true })
  docNo: string | null;

  @Column({ name: 'entry_seq', type: 'bigint', transformer: seqTransformer })
  entrySeq: number;
}

/** Income (收益) received by an operating asset. */
@Entity('asset_income')
@Check('chk_asset_income_amount', 'amount > 0')
@Index('ix_asset_income_asset', ['assetId', 'receivedOn'])
export class AssetIncome {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_asset_income' })
  id: string;

  @Column({ name: 'asset_id', type: 'uuid' })
  assetId: string;

  @Column({ type: 'varchar', length: 12 })
  book: string;

  @Column({ type: 'bigint', transformer: fenTransformer })
  amount: bigint;

  @Column({ name: 'received_on', type: 'date' })
  receivedOn: string;

  /** The period the income is for, e.g. `2024`, `2024-Q3`, `2024-07`. */
  @Column({ type: 'text' })
  period: string;

  @Column({ type: 'text' })
  source: string;

  @Column({ name: 'entry_seq', type: 'bigint', transformer: seqTransformer })
  entrySeq: number;

  @Column({ name: 'reversed_seq', type: 'bigint', nullable: true, transformer: seqTransformer })
  reversedSeq: number | null;
}

/** One line of a distribution (分配) of an asset's income: to a household or to a purpose. */
@Entity('asset_distribution')
@Check('chk_asset_distribution_amount', 'amount > 0')
@Check('chk_asset_distribution_target', '(household_id IS NULL) <> (purpose IS NULL)')
@Index('ix_asset_distribution_asset', ['assetId', 'distributedOn'])
export class AssetDistribution {
  @PrimaryColumn({ name: 'distribution_id', type: 'uuid', primaryKeyConstraintName: 'pk_asset_distribution' })
  distributionId: string;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_asset_distribution' })
  position: number;

  @Column({ name: 'asset_id', type: 'uuid' })
  assetId: string;

  @Column({ type: 'varchar', length: 12 })
  book: string;

  @Column({ name: 'distributed_on', type: 'date' })
  distributedOn: string;

  @Column({ name: 'household_id', type: 'uuid', nullable: true })
  householdId: string | null;

  @Column({ type: 'text', nullable: true })
  purpose: DistributionPurpose | null;

  @Column({ type: 'bigint', transformer: fenTransformer })
  amount: bigint;

  @Column({ name: 'entry_seq', type: 'bigint', transformer: seqTransformer })
  entrySeq: number;

  @Column({ name: 'reversed_seq', type: 'bigint', nullable: true, transformer: seqTransformer })
  reversedSeq: number | null;
}

export const ASSET_ENTITIES: (new () => object)[] = [
  Asset,
  AssetFunding,
  AssetOwnership,
  AssetIncome,
  AssetDistribution,
];
