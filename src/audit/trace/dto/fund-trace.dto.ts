import { ApiProperty } from '@nestjs/swagger';
import { EntryRefDto } from './trace-common.dto';

/**
 * A node's money, in yuan, from its own fund's postings. The identity (checked in code, `balanced`):
 * received = passedDown + available + committedUnpaid + paid, and committed = committedUnpaid + paid.
 */
export class TraceTotalsDto {
  /** Came in: from the source level (a document) or from the parent's allocation (transfer). */
  @ApiProperty({ example: '1000.00' }) received!: string;
  /** Allocated down to lower books (分配下达). */
  @ApiProperty() passedDown!: string;
  /** Committed to projects, net of releases: paid + still unpaid. */
  @ApiProperty() committed!: string;
  /** Committed to projects and not yet paid. */
  @ApiProperty() committedUnpaid!: string;
  /** Paid out to payees, net of reversed payments. */
  @ApiProperty() paid!: string;
  /** Payments reversed (already taken out of `paid`; shown for the auditor). */
  @ApiProperty() reversed!: string;
  /** Still in the pool: neither passed down nor committed. */
  @ApiProperty() available!: string;
  /** Whether the identity holds (and no posting of the fund sits in an account outside it). */
  @ApiProperty() balanced!: boolean;
}

export class PaymentTraceDto extends EntryRefDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) disbursementId!: string | null;
  /** This fund's part of the payment (a reversal is negative). */
  @ApiProperty() amount!: string;
  @ApiProperty({ nullable: true, type: String, example: 'progress' }) kind!: string | null;
  @ApiProperty({ nullable: true, type: String }) payeeName!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'contractor' }) payeeType!: string | null;
  /** Masked: only the last four digits. */
  @ApiProperty({ nullable: true, type: String, example: '************5678' }) accountMasked!: string | null;
  @ApiProperty({ nullable: true, type: String }) voucherNo!: string | null;
  @ApiProperty({ example: 'payee:contractor.1a2b…' }) payeeAccount!: string;
}

/**
 * An asset the project formed. `attributed` is the part of its value attributed to THIS fund (asset_funding);
 * income and distributions are the asset's own totals (its own pseudo-fund), shown beside the attribution,
 * never split over the funds: the income is new money, not the fund's. Each distribution is listed by the
 * asset's back trace (`/audit/trace/assets/:id`).
 */
export class AssetTraceDto {
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty() assetNo!: string;
  @ApiProperty() name!: string;
  @ApiProperty() assetClass!: string;
  @ApiProperty({ format: 'date' }) registeredOn!: string;
  @ApiProperty() value!: string;
  @ApiProperty() attributed!: string;
  /** attributed ÷ value, 4 decimals. */
  @ApiProperty({ example: '0.5000' }) share!: string;
  /** Income and disposal proceeds in, from `operation:<asset>`. */
  @ApiProperty() income!: string;
  @ApiProperty() distributed!: string;
  @ApiProperty() undistributed!: string;
}

export class ProjectTraceDto {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ nullable: true, type: String }) approvalDocNo!: string | null;
  /** This fund's money in the project: committed = paid + unpaid. */
  @ApiProperty() committed!: string;
  @ApiProperty() paid!: string;
  @ApiProperty() reversed!: string;
  @ApiProperty() unpaid!: string;
  @ApiProperty({ type: [PaymentTraceDto] }) payments!: PaymentTraceDto[];
  @ApiProperty({ type: [AssetTraceDto] }) assets!: AssetTraceDto[];
}

export class FundNodeDto {
  @ApiProperty({ format: 'uuid' }) fundId!: string;
  @ApiProperty() docNo!: string;
  @ApiProperty() title!: string;
  @ApiProperty() sourceLevel!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ example: 'county' }) regionLevel!: string;
  @ApiProperty() book!: string;
  @ApiProperty({ format: 'date' }) issuedOn!: string;
  @ApiProperty() entrySeq!: number;
  /** Allocation depth below the traced fund (0 = the fund itself). */
  @ApiProperty() depth!: number;
  @ApiProperty({ type: TraceTotalsDto }) totals!: TraceTotalsDto;
  /**
   * What `passedDown` went to children shown here: equal to passedDown unless `regionCode` pruned some
   * branches (each child's `received` is its share: Σ children.received = passedDownShown).
   */
  @ApiProperty() passedDownShown!: string;
  @ApiProperty({ type: () => [FundNodeDto] }) children!: FundNodeDto[];
  @ApiProperty({ type: [ProjectTraceDto] }) projects!: ProjectTraceDto[];
}

export class FundTraceDto {
  @ApiProperty({ format: 'date', nullable: true, type: String }) asOf!: string | null;
  @ApiProperty({ nullable: true, type: String }) regionCode!: string | null;
  @ApiProperty({ example: 'received = passedDown + available + committedUnpaid + paid' }) identity!: string;
  /** True when every node is balanced and every unpruned node passed down exactly what its children received. */
  @ApiProperty() balanced!: boolean;
  @ApiProperty({ type: FundNodeDto }) root!: FundNodeDto;
}
