import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The first response to a keyed POST, per caller; no status yet = in flight. Text, so a replay is byte-identical. */
@Entity('idempotency_record')
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_idempotency_record' })
  scope: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_idempotency_record' })
  key: string;

  @Column({ name: 'request_hash', type: 'bytea' })
  requestHash: Buffer;

  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode: number | null;

  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody: string | null;

  /** The InstanceLease id of the instance working on it; null = none known (claimed before leases). */
  @Column({ type: 'int', nullable: true })
  owner: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
