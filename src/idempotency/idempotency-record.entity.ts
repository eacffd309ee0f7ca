import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The first response to a POST carrying an Idempotency-Key, per caller. A row without a status
 * is a request still in flight. The body is kept as text so a replay is byte-identical.
 */
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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
