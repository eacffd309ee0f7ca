import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { PageDto } from '../../common/pagination';
import { IsBusinessDate, IsMoneyString, Text } from '../../common/validation/decorators';
import { DISBURSEMENT_KINDS, type DisbursementKind, PAYEE_TYPES, type PayeeType } from '../disbursement.entity';

export class PayeeDto {
  /** Contractor, cooperative or village name, or the household head's name. */
  @Text(200)
  name: string;

  @ApiProperty({ enum: PAYEE_TYPES })
  @IsIn(PAYEE_TYPES)
  type: PayeeType;

  /** Bank account number: kept out of the journal, answered masked (last 4 digits). */
  @ApiPropertyOptional({ example: '6228480012345678' })
  @IsOptional()
  @Matches(/^\d{6,34}$/, { message: '$property must be 6–34 digits (银行账号为 6–34 位数字)' })
  accountNo?: string;

  /** Required when the payee is a household. */
  @IsOptional()
  @IsUUID()
  householdId?: string;
}

export class CreateDisbursementDto {
  @ApiProperty({ enum: DISBURSEMENT_KINDS })
  @IsIn(DISBURSEMENT_KINDS)
  kind: DisbursementKind;

  @IsMoneyString()
  amount: string;

  @IsBusinessDate()
  paidOn: string;

  /** The fund to pay from; omitted → the oldest commitment first, split across funds if needed. */
  @IsOptional()
  @IsUUID()
  fundId?: string;

  @ValidateNested()
  @Type(() => PayeeDto)
  payee: PayeeDto;

  /** 凭证号 of the payment voucher; unique within the county book. */
  @Text(100)
  voucherNo: string;
}

export class FundShareDto {
  fundId: string;
  @ApiProperty({ example: '1000.00' })
  amount: string;
}

export class PayeeViewDto {
  name: string;
  @ApiProperty({ enum: PAYEE_TYPES })
  type: PayeeType;
  /** Masked: `************5678`. */
  @ApiPropertyOptional({ type: String, nullable: true })
  accountNo: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  householdId: string | null;
}

export class DisbursementDto {
  id: string;
  projectId: string;
  book: string;
  /** Seq of the `disbursement.paid` entry in the county book. */
  entrySeq: number;
  @ApiProperty({ enum: DISBURSEMENT_KINDS })
  kind: DisbursementKind;
  @ApiProperty({ example: '1000.00' })
  amount: string;
  paidOn: string;
  payee: PayeeViewDto;
  voucherNo: string;
  /** Which funds paid how much. */
  @ApiProperty({ type: [FundShareDto] })
  funding: FundShareDto[];
  /** This payment settled the project. */
  settles: boolean;
  /** Seq of the reversal entry, if the payment was reversed. */
  @ApiPropertyOptional({ type: Number, nullable: true })
  reversedSeq: number | null;
}

export class DisbursementPageDto extends PageDto {
  @ApiProperty({ type: [DisbursementDto] })
  items: DisbursementDto[];
}
