import { ApiProperty } from '@nestjs/swagger';
import { EntryRefDto, FundShareDto } from './trace-common.dto';

export class SourceLevelShareDto {
  @ApiProperty({ example: 'central' }) sourceLevel!: string;
  @ApiProperty() amount!: string;
}

/** One movement of an asset's own money: income in, or a distribution (or disposal proceeds) out. */
export class AssetMovementDto extends EntryRefDto {
  /** income, household, purpose, collective or treasury. */
  @ApiProperty({ example: 'household' }) type!: string;
  @ApiProperty({ example: 'payee:household.<id>' }) account!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) householdId!: string | null;
  /** Income positive in; distributions positive out; a reversal negative. */
  @ApiProperty() amount!: string;
}

/** An asset's value back to the fund documents: the pro-rata attribution stored at registration. */
export class AssetBackTraceDto {
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty() assetNo!: string;
  @ApiProperty() name!: string;
  @ApiProperty() location!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() projectName!: string;
  @ApiProperty() value!: string;
  /** Σ funds.amount: equals `value`. */
  @ApiProperty() attributed!: string;
  @ApiProperty({ type: [FundShareDto] }) funds!: FundShareDto[];
  /** By the source level of each chain's top document. */
  @ApiProperty({ type: [SourceLevelShareDto] }) bySourceLevel!: SourceLevelShareDto[];
  /** The asset's own money: income = distributed + undistributed. */
  @ApiProperty() income!: string;
  @ApiProperty() distributed!: string;
  @ApiProperty() undistributed!: string;
  @ApiProperty({ type: [AssetMovementDto] }) movements!: AssetMovementDto[];
}

/** One fund's money in a project, from the postings on `project:<id>`; `amount` = paid. */
export class ProjectFundShareDto extends FundShareDto {
  @ApiProperty() committed!: string;
  @ApiProperty() paid!: string;
  @ApiProperty() reversed!: string;
  @ApiProperty() unpaid!: string;
}

export class ProjectBackTraceDto {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() status!: string;
  @ApiProperty() committed!: string;
  @ApiProperty() paid!: string;
  @ApiProperty() reversed!: string;
  @ApiProperty() unpaid!: string;
  @ApiProperty({ type: [ProjectFundShareDto] }) funds!: ProjectFundShareDto[];
}

export class HouseholdPaymentDto extends EntryRefDto {
  @ApiProperty() amount!: string;
  @ApiProperty({ format: 'uuid' }) fundId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) projectId!: string | null;
  @ApiProperty({ nullable: true, type: String }) projectName!: string | null;
  @ApiProperty({ nullable: true, type: String }) kind!: string | null;
  @ApiProperty({ nullable: true, type: String }) voucherNo!: string | null;
}

/** A distribution of an asset's income: the money is the asset's, so the funds shown are those behind the asset. */
export class HouseholdDistributionDto extends EntryRefDto {
  @ApiProperty() amount!: string;
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty() assetNo!: string;
  @ApiProperty() assetName!: string;
  /** The asset's value by fund (its attribution), not a split of this distribution. */
  @ApiProperty({ type: [FundShareDto] }) assetFunds!: FundShareDto[];
}

export class HouseholdBackTraceDto {
  @ApiProperty({ format: 'uuid' }) householdId!: string;
  @ApiProperty() headName!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ example: '411103********0012' }) idNumberMasked!: string;
  /** Σ payments (net of reversals). */
  @ApiProperty() paid!: string;
  /** Σ distributions (net of reversals). */
  @ApiProperty() distributed!: string;
  /** The payments by fund, each up its 文号 chain; Σ amount = paid. */
  @ApiProperty({ type: [FundShareDto] }) byFund!: FundShareDto[];
  @ApiProperty({ type: [HouseholdPaymentDto] }) payments!: HouseholdPaymentDto[];
  @ApiProperty({ type: [HouseholdDistributionDto] }) distributions!: HouseholdDistributionDto[];
}

export class AssetRefDto {
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty() assetNo!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [FundShareDto] }) funds!: FundShareDto[];
}

export class PostingTraceDto {
  @ApiProperty() idx!: number;
  @ApiProperty() account!: string;
  @ApiProperty() amount!: string;
  /** A fiscal fund: the posting's amount up the chain. */
  @ApiProperty({ type: FundShareDto, nullable: true }) fund!: FundShareDto | null;
  /** An asset's own fund (income, distributions): the asset and the funds behind it. */
  @ApiProperty({ type: AssetRefDto, nullable: true }) asset!: AssetRefDto | null;
}

export class DisbursementRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() amount!: string;
  @ApiProperty({ format: 'date' }) paidOn!: string;
  @ApiProperty({ nullable: true, type: String }) payeeName!: string | null;
  @ApiProperty() payeeType!: string;
  @ApiProperty({ nullable: true, type: String }) accountMasked!: string | null;
  @ApiProperty() voucherNo!: string;
  @ApiProperty({ type: Number, nullable: true }) reversedSeq!: number | null;
}

export class EntryBackTraceDto extends EntryRefDto {
  @ApiProperty() type!: string;
  @ApiProperty({ type: [String] }) subjects!: string[];
  @ApiProperty({ type: [PostingTraceDto] }) postings!: PostingTraceDto[];
  /** The money paid out by this entry (Σ positive payee postings − Σ negative ones), by fund up the chain. */
  @ApiProperty({ type: [FundShareDto] }) paidByFund!: FundShareDto[];
  @ApiProperty({ type: DisbursementRefDto, nullable: true }) disbursement!: DisbursementRefDto | null;
}
