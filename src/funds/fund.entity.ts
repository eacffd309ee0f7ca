import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { fenTransformer, seqTransformer } from '../database/money.transformer';

export const SOURCE_LEVELS = ['central', 'provincial', 'municipal', 'county', 'east_west', 'social'] as const;
export type SourceLevel = (typeof SOURCE_LEVELS)[number];

/** 来源级次 as notices and exports print them. */
export const SOURCE_LEVEL_NAMES: Record<SourceLevel, string> = {
  central: '中央',
  provincial: '省级',
  municipal: '市级',
  county: '县级',
  east_west: '东西部协作',
  social: '社会帮扶',
};

/**
 * A fund (资金): an indicator document (指标文件) bringing money into a region's books, or an allocation of
 * a parent fund to a lower region; a projection whose balances live in the journal (ledger_account).
 */
@Entity('fund')
@Check('chk_fund_amount', 'amount > 0')
@Index('uq_fund_book_doc_no', ['book', 'docNo'], { unique: true })
@Index('ix_fund_region_year', ['regionCode', 'year'])
@Index('ix_fund_parent', ['parentFundId'])
export class Fund {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_fund' })
  id: string;

  @Column({ type: 'varchar', length: 12 })
  book: string;

  @Column({ name: 'region_code', type: 'varchar', length: 12 })
  regionCode: string;

  @Column({ name: 'doc_no', type: 'text' })
  docNo: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'source_level', type: 'text' })
  sourceLevel: SourceLevel;

  @Column({ type: 'bigint', transformer: fenTransformer })
  amount: bigint;

  @Column({ name: 'issued_on', type: 'date' })
  issuedOn: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'text', nullable: true })
  purpose: string | null;

  @Column({ name: 'parent_fund_id', type: 'uuid', nullable: true })
  parentFundId: string | null;

  @Column({ name: 'entry_seq', type: 'bigint', transformer: seqTransformer })
  entrySeq: number;
}
