import { ApiProperty } from '@nestjs/swagger';

/** One fund document (指标文件) of a 文号 chain. */
export class FundLinkDto {
  @ApiProperty({ format: 'uuid' }) fundId!: string;
  @ApiProperty({ example: '财农〔2024〕12号' }) docNo!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 'central' }) sourceLevel!: string;
  @ApiProperty({ example: '410000000000' }) regionCode!: string;
  @ApiProperty({ example: '410000000000' }) book!: string;
  @ApiProperty({ format: 'date' }) issuedOn!: string;
  /** The entry that recorded the document (or its receipt by allocation) in `book`. */
  @ApiProperty() entrySeq!: number;
}

/** Money traced to one fund, with the chain from that fund up to the top document and its source level. */
export class FundShareDto {
  @ApiProperty({ format: 'uuid' }) fundId!: string;
  @ApiProperty({ example: '100.00', description: 'yuan' }) amount!: string;
  /** From this fund up through its parents (allocations) to the document first recorded in the books. */
  @ApiProperty({ type: [FundLinkDto] }) chain!: FundLinkDto[];
  /** The top of the chain: the central/provincial/… document the money started from. */
  @ApiProperty({ type: FundLinkDto }) top!: FundLinkDto;
}

/** A posting's place in the journal: enough to fetch the entry and verify it. */
export class EntryRefDto {
  @ApiProperty({ example: '411103000000' }) book!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ format: 'date' }) occurredOn!: string;
  /** Set on a correction: the seq of the entry it reverses. */
  @ApiProperty({ type: Number, nullable: true }) reversesSeq!: number | null;
}
