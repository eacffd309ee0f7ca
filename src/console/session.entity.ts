import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../auth/user.entity';

/** A signed-in browser. Only the SHA-256 of the session id is stored, as with tokens. */
@Entity('console_session')
export class ConsoleSession {
  @PrimaryColumn({ name: 'id_hash', type: 'bytea', primaryKeyConstraintName: 'pk_console_session' })
  idHash: Buffer;

  @Index('ix_console_session_user')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_console_session_user' })
  user?: User;

  /** The synchronizer token of every form is an HMAC of this secret (console/csrf.ts). */
  @Column({ name: 'csrf_secret', type: 'bytea' })
  csrfSecret: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
