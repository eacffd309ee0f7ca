import { Column, Entity, PrimaryColumn } from 'typeorm';
import { seqTransformer } from '../../database/money.transformer';

/** A witness's cosignature/v1 of a signed checkpoint: `signature` is base64(key ID ‖ timestamp ‖ Ed25519). */
@Entity('checkpoint_cosignature')
export class CheckpointCosignature {
  @PrimaryColumn({ type: 'varchar', length: 12, primaryKeyConstraintName: 'pk_checkpoint_cosignature' })
  book: string;

  @PrimaryColumn({
    name: 'tree_size',
    type: 'bigint',
    primaryKeyConstraintName: 'pk_checkpoint_cosignature',
    transformer: seqTransformer,
  })
  treeSize: number;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_checkpoint_cosignature' })
  witness: string;

  @Column({ name: 'key_id', type: 'text' })
  keyId: string;

  @Column({ type: 'bigint', transformer: seqTransformer })
  timestamp: number;

  @Column({ type: 'text' })
  signature: string;
}

/** Per book and witness: the size it cosigned last and how the last request went. */
@Entity('checkpoint_witness')
export class CheckpointWitness {
  @PrimaryColumn({ type: 'varchar', length: 12, primaryKeyConstraintName: 'pk_checkpoint_witness' })
  book: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_checkpoint_witness' })
  witness: string;

  @Column({ name: 'cosigned_size', type: 'bigint', transformer: seqTransformer })
  cosignedSize: number;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A witness refused a checkpoint as inconsistent with what it cosigned before (an audit finding). */
@Entity('witness_refusal')
export class WitnessRefusal {
  @PrimaryColumn({ type: 'varchar', length: 12, primaryKeyConstraintName: 'pk_witness_refusal' })
  book: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_witness_refusal' })
  witness: string;

  @PrimaryColumn({ name: 'refused_at', type: 'timestamptz', primaryKeyConstraintName: 'pk_witness_refusal' })
  refusedAt: Date;

  @Column({ name: 'tree_size', type: 'bigint', transformer: seqTransformer })
  treeSize: number;

  @Column({ name: 'http_status', type: 'integer' })
  httpStatus: number;

  @Column({ type: 'text' })
  reason: string;
}

export const WITNESS_ENTITIES = [CheckpointCosignature, CheckpointWitness, WitnessRefusal];
