import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageDto } from '../../common/pagination';
import { SOURCE_LEVELS, type SourceLevel } from '../../funds/fund.entity';
import { BeneficiariesDto } from '../../projects/dto/performance.dto';
import {
  ASSET_CLASSES,
  ASSET_STATUSES,
  type AssetClass,
  type AssetStatus,
  DISTRIBUTION_PURPOSES,
  type DistributionPurpose,
  OWNER_TYPES,
  type OwnerType,
} from '../asset.entities';

export class OwnerViewDto {
  @ApiProperty({ enum: OWNER_TYPES })
  type: OwnerType;
  @ApiPropertyOptional({ type: String, nullable: true })
  regionCode: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  householdId: string | null;
  /** The organisation, or the household head (户主) read from the household table. */
  @ApiPropertyOptional({ type: String, nullable: true })
  name: string | null;
}

export class OwnershipViewDto {
  owner: OwnerViewDto;
  @ApiPropertyOptional({ type: String, nullable: true })
  operator: string | null;
  custodian: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  responsiblePerson: string | null;
  @ApiProperty({ format: 'date' })
  fromOn: string;
  /** 移交文号; null for the registration. */
  @ApiPropertyOptional({ type: String, nullable: true })
  docNo: string | null;
  entrySeq: number;
}

export class AssetFundingViewDto {
  fundId: string;
  docNo: string;
  @ApiProperty({ enum: SOURCE_LEVELS })
  sourceLevel: SourceLevel;
  @ApiProperty({ example: '1000.00' })
  amount: string;
}

export class SourceLevelAmountDto {
  @ApiProperty({ enum: SOURCE_LEVELS })
  sourceLevel: SourceLevel;
  @ApiProperty({ example: '1000.00' })
  amount: string;
}

export class AssetIncomeViewDto {
  @ApiProperty({ example: '1000.00' })
  total: string;
  @ApiProperty({ example: '1000.00' })
  distributed: string;
  /** The `asset-income:<id>` balance in the journal. */
  @ApiProperty({ example: '0.00' })
  undistributed: string;
}

export class DisposalViewDto {
  method: string;
  @ApiProperty({ format: 'date' })
  disposedOn: string;
  villageAssemblyOn: string;
  townshipApprovedOn: string;
  countyApprovedOn: string;
  @ApiProperty({ example: '0.00' })
  proceeds: string;
  proceedsTo: string;
}

export class AssetDto {
  id: string;
  /** 资产编号. */
  assetNo: string;
  book: string;
  projectId: string;
  projectName: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  approvalDocNo: string | null;
  name: string;
  @ApiProperty({ enum: ASSET_CLASSES })
  assetClass: AssetClass;
  location: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  villageCode: string | null;
  @ApiProperty({ example: '100000.00' })
  value: string;
  registeredOn: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  builtOn: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  acceptedOn: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  handedOverOn: string | null;
  owner: OwnerViewDto;
  @ApiPropertyOptional({ type: String, nullable: true })
  operator: string | null;
  custodian: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  responsiblePerson: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  certificateNo: string | null;
  beneficiaries: BeneficiariesDto;
  @ApiProperty({ enum: ASSET_STATUSES })
  status: AssetStatus;
  income: AssetIncomeViewDto;
  /** The value attributed to each fund that paid the project; sums exactly to `value`. */
  @ApiProperty({ type: [AssetFundingViewDto] })
  funding: AssetFundingViewDto[];
  @ApiProperty({ type: [SourceLevelAmountDto] })
  fundingBySource: SourceLevelAmountDto[];
  /** Every owner, oldest first (only on GET /assets/:id). */
  @ApiPropertyOptional({ type: [OwnershipViewDto] })
  ownership?: OwnershipViewDto[];
  @ApiPropertyOptional({ type: DisposalViewDto, nullable: true })
  disposal: DisposalViewDto | null;
  entrySeq: number;
}

export class AssetPageDto extends PageDto {
  @ApiProperty({ type: [AssetDto] })
  items: AssetDto[];
}

export class DistributionLineViewDto {
  @ApiPropertyOptional({ type: String, nullable: true })
  householdId: string | null;
  @ApiPropertyOptional({ enum: DISTRIBUTION_PURPOSES, nullable: true })
  purpose: DistributionPurpose | null;
  @ApiProperty({ example: '100.00' })
  amount: string;
}

export class AssetWarningDto {
  /** `PRIORITY_SKIPPED`: households without labour capacity got nothing while others did. */
  code: string;
  message: string;
  @ApiPropertyOptional({ type: [String] })
  householdIds?: string[];
}

export class DistributionResultDto {
  distributionId: string;
  entrySeq: number;
  @ApiProperty({ example: '100.00' })
  total: string;
  @ApiProperty({ type: [DistributionLineViewDto] })
  items: DistributionLineViewDto[];
  @ApiProperty({ type: [AssetWarningDto] })
  warnings: AssetWarningDto[];
  asset: AssetDto;
}

export class VillageAssetSummaryDto {
  /** The village (or the location, for assets not in one village). */
  regionCode: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  regionName: string | null;
  /** Assets not disposed. */
  count: number;
  @ApiProperty({ example: '100000.00' })
  value: string;
  @ApiProperty({ example: '1000.00' })
  incomeThisYear: string;
  @ApiProperty({ example: '1000.00' })
  distributedThisYear: string;
}

export class AssetSummaryDto {
  regionCode: string;
  year: number;
  @ApiProperty({ type: [VillageAssetSummaryDto] })
  villages: VillageAssetSummaryDto[];
}

/** A line for other features (completion notices): what a project left behind. */
export interface AssetLine {
  assetId: string;
  assetNo: string;
  name: string;
  assetClass: AssetClass;
  /** Yuan. */
  value: string;
  ownerName: string | null;
  ownerType: OwnerType;
  status: AssetStatus;
}
