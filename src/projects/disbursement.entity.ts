import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { defineTable } from '../journal/projections';
import { fenTransformer, seqTransformer } from '../database/money.transformer';

export const DISBURSEMENT_KINDS = ['advance', 'progress', 'final', 'retention_release', 'household'] as const;
export type DisbursementKind = (typeof DISBURSEMENT_KINDS)[number];
export const PAYEE_TYPES = ['contractor', 'cooperative', 'household', 'village'] as const;
export type PayeeType = (typeof PAYEE_TYPES)[number];

/** Which funds paid how much (fen as strings, like the journal's postings). */
export interface FundShare {
  fundId: string;
  amount: string;
}

/** A payment (拨付/报账) out of a project's committed money: a projection of `disbursement.paid` entries. */
@Entity('disbursement')
@Check('chk_disbursement_amount', 'amount > 0')
@Index('ix_disbursement_project', ['projectId', 'entrySeq'])
@Index('uq_disbursement_book_voucher', ['book', 'voucherNo'], { unique: true })
export class Disbursement {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_disbursement' })
  id: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @Column({ type: 'varchar', length: 12 })
  book: string;

  @Column({ type: 'text' })
  kind: DisbursementKind;

  @Column({ type: 'bigint', transformer: fenTransformer })
  amount: bigint;

  @Column({ name: 'paid_on', type: 'date' })
  paidOn: string;

  /** Null for household payees, whose names are personal data kept in the household table. */
  @Column({ name: 'payee_name', type: 'text', nullable: true })
  payeeName: string | null;

  @Column({ name: 'payee_type', type: 'text' })
  payeeType: PayeeType;

  /** The id part of the `payee:<key>` account the money went to. */
  @Column({ name: 'payee_key', type: 'text' })
  payeeKey: string;

  @Column({ name: 'household_id', type: 'uuid', nullable: true })
  householdId: string | null;

  @Column({ name: 'voucher_no', type: 'text' })
  voucherNo: string;

  @Column({ type: 'jsonb' })
  funding: FundShare[];

  /** This payment brought the paid total to the final cost: the project was settled by it. */
  @Column({ type: 'boolean', default: false })
  settles: boolean;

  @Column({ name: 'entry_seq', type: 'bigint', transformer: seqTransformer })
  entrySeq: number;

  /** Seq of the `entry.reversed` entry that undid this payment, if any. */
  @Column({ name: 'reversed_seq', type: 'bigint', nullable: true, transformer: seqTransformer })
  reversedSeq: number | null;
}

/** The payee's bank account number: personal data, so never in the journal (which refuses it). */
@Entity('disbursement_payee_account')
export class DisbursementPayeeAccount {
  @PrimaryColumn({ name: 'disbursement_id', type: 'uuid', primaryKeyConstraintName: 'pk_disbursement_payee_account' })
  disbursementId: string;

  @Column({ name: 'account_no', type: 'text' })
  accountNo: string;
}

/** The tables' rows as the journal writes them beside a payment's entry (AppendContext.alsoInsert, insertRows). */
export const payeeAccountRows = defineTable<{ disbursement_id: string; account_no: string }>(
  'disbursement_payee_account',
  { disbursement_id: 'uuid', account_no: 'text' },
);

export const disbursementRows = defineTable<{
  id: string;
  project_id: string;
  book: string;
  kind: string;
  amount: string;
  paid_on: string;
  payee_name: string | undefined;
  payee_type: string;
  payee_key: string;
  household_id: string | undefined;
  voucher_no: string;
  funding: string;
  settles: boolean;
  entry_seq: number;
}>('disbursement', {
  id: 'uuid',
  project_id: 'uuid',
  book: 'varchar',
  kind: 'text',
  amount: 'int8',
  paid_on: 'date',
  payee_name: 'text',
  payee_type: 'text',
  payee_key: 'text',
  household_id: 'uuid',
  voucher_no: 'text',
  funding: 'jsonb',
  settles: 'bool',
  entry_seq: 'int8',
});
