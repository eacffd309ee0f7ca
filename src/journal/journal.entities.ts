import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { fenTransformer, seqTransformer } from '../database/money.transformer';

/**
 * Journal tables. journal_entry, journal_posting, journal_checkpoint and journal_tree_node are append-only
 * (database triggers refuse UPDATE, DELETE, TRUNCATE); the others are projections or heads that can be rebuilt
 * from them.
 */

/** The head of one hash chain: a county-level region or a higher-level office. */
@Entity('journal_book')
export class JournalBook {
  @PrimaryColumn({ type: 'varchar', length: 12, primaryKeyConstraintName: 'pk_journal_book' })
  code: string;

  @Column({ name: 'head_seq', type: 'bigint', default: 0, transformer: seqTransformer })
  headSeq: number;

  @Column({ name: 'head_hash', type: 'bytea' })
  headHash: Buffer;
}

@Entity('journal_entry')
@Check('chk_journal_entry_seq', 'seq > 0')
@Check('chk_journal_entry_hash', 'octet_length(hash) = 32 AND octet_length(prev_hash) = 32')
@Index('uq_journal_entry_idempotency', { synchronize: false })
@Index('uq_journal_entry_reverses', { synchronize: false })
@Index('ix_journal_entry_subjects', { synchronize: false })
// Partial, for the audit findings' evidence (migration 1764001200000-project-step-entries).
@Index('ix_journal_entry_project_step', { synchronize: false })
export class JournalEntry {
  @PrimaryColumn({ type: 'varchar', length: 12, primaryKeyConstraintName: 'pk_journal_entry' })
  book: string;

  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_journal_entry', transformer: seqTransformer })
  seq: number;

  @Column({ type: 'text' })
  type: string;

  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text', array: true })
  subjects: string[];

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'reverses_seq', type: 'bigint', nullable: true, transformer: seqTransformer })
  reversesSeq: number | null;

  /** The canonical bytes that were hashed, exactly. */
  @Column({ type: 'bytea' })
  body: Buffer;

  @Column({ name: 'prev_hash', type: 'bytea' })
  prevHash: Buffer;

  @Column({ type: 'bytea' })
  hash: Buffer;
}

@Entity('journal_posting')
@Check('chk_journal_posting_nonzero', 'amount <> 0')
@Index('ix_journal_posting_account', ['book', 'account', 'fundId', 'occurredOn'])
export class JournalPosting {
  @PrimaryColumn({ type: 'varchar', length: 12, primaryKeyConstraintName: 'pk_journal_posting' })
  book: string;

  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_journal_posting', transformer: seqTransformer })
  seq: number;

  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_journal_posting' })
  idx: number;

  @Column({ type: 'text' })
  account: string;

  @Column({ name: 'fund_id', type: 'uuid' })
  fundId: string;

  @Column({ type: 'bigint', transformer: fenTransformer })
  amount: bigint;

  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn: string;
}

/** Materialised balance per account and fund; pools and projects may never go negative. */
@Entity('ledger_account')
@Check('chk_ledger_account_non_negative', 'NOT non_negative OR balance >= 0')
export class LedgerAccount {
  @PrimaryColumn({ type: 'varchar', length: 12, primaryKeyConstraintName: 'pk_ledger_account' })
  book: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_ledger_account' })
  account: string;

  @PrimaryColumn({ name: 'fund_id', type: 'uuid', primaryKeyConstraintName: 'pk_ledger_account' })
  fundId: string;

  @Column({ type: 'bigint', transformer: fenTransformer })
  balance: bigint;

  @Column({ name: 'non_negative', type: 'boolean' })
  nonNegative: boolean;
}

/** Funds known to a book: postings may only name these. */
@Entity('ledger_fund')
export class LedgerFund {
  @PrimaryColumn({ name: 'fund_id', type: 'uuid', primaryKeyConstraintName: 'pk_ledger_fund' })
  fundId: string;

  @Column({ type: 'varchar', length: 12 })
  book: string;

  @Column({ name: 'created_seq', type: 'bigint', transformer: seqTransformer })
  createdSeq: number;
}

/** A signed statement of a book's Merkle root at a tree size (C2SP checkpoint body). */
@Entity('journal_checkpoint')
export class JournalCheckpoint {
  @PrimaryColumn({ type: 'varchar', length: 12, primaryKeyConstraintName: 'pk_journal_checkpoint' })
  book: string;

  @PrimaryColumn({
    name: 'tree_size',
    type: 'bigint',
    primaryKeyConstraintName: 'pk_journal_checkpoint',
    transformer: seqTransformer,
  })
  treeSize: number;

  @Column({ name: 'root_hash', type: 'bytea' })
  rootHash: Buffer;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt: Date;

  @Column({ name: 'key_id', type: 'text' })
  keyId: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  signature: string;
}

/** Complete aligned subtrees of a book's Merkle tree, so any proof is one indexed read. */
@Entity('journal_tree_node')
export class JournalTreeNode {
  @PrimaryColumn({ type: 'varchar', length: 12, primaryKeyConstraintName: 'pk_journal_tree_node' })
  book: string;

  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_journal_tree_node' })
  level: number;

  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_journal_tree_node', transformer: seqTransformer })
  idx: number;

  @Column({ type: 'bytea' })
  hash: Buffer;
}

/** How far the stored tree of a book reaches, and its right edge to extend from. */
@Entity('journal_tree_state')
export class JournalTreeState {
  @PrimaryColumn({ type: 'varchar', length: 12, primaryKeyConstraintName: 'pk_journal_tree_state' })
  book: string;

  @Column({ type: 'bigint', transformer: seqTransformer })
  size: number;

  @Column({ type: 'bytea', array: true })
  frontier: Buffer[];
}

export const JOURNAL_ENTITIES = [
  JournalBook,
  JournalEntry,
  JournalPosting,
  LedgerAccount,
  LedgerFund,
  JournalCheckpoint,
  JournalTreeNode,
  JournalTreeState,
];
