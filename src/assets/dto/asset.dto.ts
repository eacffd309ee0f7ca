import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsUUID,
  Matches,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination';
import {
  IsBusinessDate,
  IsMoneyString,
  IsOptionalRegionCode,
  IsOptionalYear,
  IsRegionCode,
  Text,
} from '../../common/validation/decorators';
import { BeneficiariesDto } from '../../projects/dto/performance.dto';
import {
  ASSET_CLASSES,
  ASSET_STATUSES,
  type AssetClass,
  type AssetStatus,
  DISPOSAL_METHODS,
  type DisposalMethod,
  DISTRIBUTION_PURPOSES,
  type DistributionPurpose,
  OWNER_TYPES,
  type OwnerType,
  PROCEEDS_TO,
  type ProceedsTo,
} from '../asset.entities';

/** Who owns the asset (确权). Which types a class allows: docs/assets.md. */
export class OwnerDto {
  @ApiProperty({ enum: OWNER_TYPES })
  @IsIn(OWNER_TYPES)
  type: OwnerType;

  /** The village (collective) or township; for a village collective it defaults to the asset's village. */
  @IsOptionalRegionCode()
  regionCode?: string;

  /** Required for a household owner. */
  @IsOptional()
  @IsUUID()
  householdId?: string;

  /** The organisation: e.g. 后街村股份经济合作社, 郾城区水利局. Not for households (their head's name comes from the household). */
  @ApiPropertyOptional()
  @IsOptional()
  @Text(200)
  name?: string;
}

export class RegisterAssetDto {
  @Text(200)
  name: string;

  @ApiProperty({ enum: ASSET_CLASSES })
  @IsIn(ASSET_CLASSES)
  assetClass: AssetClass;

  @ValidateNested()
  @Type(() => OwnerDto)
  owner: OwnerDto;

  /** 原值 (original value), yuan. */
  @IsMoneyString()
  value: string;

  @IsBusinessDate()
  registeredOn: string;

  /** Region code where the asset is (12 digits, within the project's county). */
  @IsRegionCode()
  location: string;

  /** 管护主体. */
  @Text(200)
  custodian: string;

  /** 管护责任人. */
  @ApiPropertyOptional()
  @IsOptional()
  @Text(100)
  responsiblePerson?: string;

  /** 经营主体 (operating assets). */
  @ApiPropertyOptional()
  @IsOptional()
  @Text(200)
  operator?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Text(100)
  certificateNo?: string;

  /** 建成日期; defaults to the project's completion date. */
  @ApiPropertyOptional({ type: String, format: 'date' })
  @IsOptional()
  @IsBusinessDate()
  builtOn?: string;

  /** Defaults to the project's beneficiaries. */
  @ApiPropertyOptional({ type: BeneficiariesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BeneficiariesDto)
  beneficiaries?: BeneficiariesDto;
}

export class TransferAssetDto {
  @ValidateNested()
  @Type(() => OwnerDto)
  to: OwnerDto;

  @IsBusinessDate()
  transferredOn: string;

  /** 移交文号. */
  @Text(100)
  docNo: string;

  /** The new custodian; defaults to the current one. */
  @ApiPropertyOptional()
  @IsOptional()
  @Text(200)
  custodian?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Text(100)
  responsiblePerson?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Text(200)
  operator?: string;
}

export class RecordIncomeDto {
  @IsMoneyString()
  amount: string;

  @IsBusinessDate()
  receivedOn: string;

  /** The period the income is for: `2024`, `2024-H1`, `2024-Q3` or `2024-07`. */
  @ApiProperty({ example: '2024-Q3' })
  @Matches(/^\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$/, {
    message: '$property must be YYYY, YYYY-H1, YYYY-Q3 or YYYY-MM (收益期间格式错误)',
  })
  period: string;

  /** Who paid: e.g. 国网漯河供电公司 电费结算, 租金. */
  @Text(200)
  source: string;
}

export class DistributionItemDto {
  /** A household of the asset's village on the list on the distribution date … */
  @IsOptional()
  @IsUUID()
  householdId?: string;

  /** … or a purpose (公益岗位 wages, upkeep, industry awards, the collective economy). */
  @ApiPropertyOptional({ enum: DISTRIBUTION_PURPOSES })
  @IsOptional()
  @IsIn(DISTRIBUTION_PURPOSES)
  purpose?: DistributionPurpose;

  @IsMoneyString()
  amount: string;
}

export class DistributeIncomeDto {
  @IsBusinessDate()
  distributedOn: string;

  @ApiProperty({ type: [DistributionItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(400)
  @ValidateNested({ each: true })
  @Type(() => DistributionItemDto)
  items: DistributionItemDto[];
}

export class DisposeAssetDto {
  @ApiProperty({ enum: DISPOSAL_METHODS })
  @IsIn(DISPOSAL_METHODS)
  method: DisposalMethod;

  @IsBusinessDate()
  disposedOn: string;

  /** 村民(代表)大会决议. */
  @IsBusinessDate()
  villageAssemblyOn: string;

  @IsBusinessDate()
  townshipApprovedOn: string;

  @IsBusinessDate()
  countyApprovedOn: string;

  /** "0.00" for scrap or loss without proceeds. */
  @IsMoneyString({ allowZero: true })
  proceeds: string;

  @ApiProperty({ enum: PROCEEDS_TO })
  @IsIn(PROCEEDS_TO)
  proceedsTo: ProceedsTo;

  /** The county approval document. */
  @ApiPropertyOptional()
  @IsOptional()
  @Text(100)
  docNo?: string;
}

export class ListAssetsQuery extends PageQuery {
  /** Assets located in this region's subtree (default: the caller's region). */
  @IsOptionalRegionCode()
  regionCode?: string;

  @ApiPropertyOptional({ enum: ASSET_CLASSES })
  @IsOptional()
  @IsIn(ASSET_CLASSES)
  assetClass?: AssetClass;

  @ApiPropertyOptional({ enum: ASSET_STATUSES })
  @IsOptional()
  @IsIn(ASSET_STATUSES)
  status?: AssetStatus;
}

export class AssetRegionQuery {
  /** Default: the caller's region. */
  @IsOptionalRegionCode()
  regionCode?: string;
}

export class AssetSummaryQuery extends AssetRegionQuery {
  /** The year for income and distributions (default: this year, China time). */
  @IsOptionalYear()
  year?: number;
}
