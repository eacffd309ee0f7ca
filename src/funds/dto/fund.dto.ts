import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageDto, PageQuery } from '../../common/pagination';
import {
  IsBusinessDate,
  IsMoneyString,
  IsOptionalYear,
  IsOptionalRegionCode,
  IsRegionCode,
} from '../../common/validation/decorators';
import { SOURCE_LEVELS, type SourceLevel } from '../fund.entity';

export class CreateFundDto {
  /** 文号 of the indicator document, e.g. 豫财农〔2024〕12号; unique within the book. */
  @IsString()
  @Length(1, 100)
  docNo: string;

  /** Title of the document, e.g. 关于下达2024年中央财政衔接推进乡村振兴补助资金的通知. */
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiProperty({ enum: SOURCE_LEVELS })
  @IsIn(SOURCE_LEVELS)
  sourceLevel: SourceLevel;

  /** The region whose books receive the money: a province, city or county. */
  @IsRegionCode()
  regionCode: string;

  @IsMoneyString()
  amount: string;

  @IsBusinessDate()
  issuedOn: string;

  @IsOptional()
  @IsString()
  @Length(1, 500)
  purpose?: string;
}

export class AllocateFundDto {
  /** A lower province/city/county inside the fund's region. */
  @IsRegionCode()
  toRegionCode: string;

  @IsMoneyString()
  amount: string;

  /** 文号 of the allocation document (下达文件). */
  @IsString()
  @Length(1, 100)
  docNo: string;

  @IsBusinessDate()
  issuedOn: string;
}

export class ListFundsQuery extends PageQuery {
  /** Funds in this region's subtree (default: the caller's region). */
  @IsOptionalRegionCode()
  regionCode?: string;

  @IsOptionalYear()
  year?: number;

  /** The `nextCursor` of the previous page (a fund id). */
  @IsOptional()
  @IsUUID()
  declare cursor?: string;
}

export class FundDto {
  id: string;
  docNo: string;
  title: string;
  @ApiProperty({ enum: SOURCE_LEVELS })
  sourceLevel: SourceLevel;
  regionCode: string;
  /** The journal book the fund's money is kept in. */
  book: string;
  issuedOn: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  purpose: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  parentFundId: string | null;
  /** Seq of the entry that brought the fund into its book. */
  entrySeq: number;
  /** All amounts in yuan; amount = available + allocatedDown + committed + disbursed. */
  @ApiProperty({ example: '1000000.00' })
  amount: string;
  @ApiProperty({ example: '0.00' })
  allocatedDown: string;
  @ApiProperty({ example: '0.00' })
  committed: string;
  @ApiProperty({ example: '0.00' })
  disbursed: string;
  @ApiProperty({ example: '1000000.00' })
  available: string;
}

export class FundPageDto extends PageDto {
  @ApiProperty({ type: [FundDto] })
  items: FundDto[];
}
