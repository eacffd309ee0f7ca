import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Region } from '../regions/region.entity';
import type { Role } from './role';

/** A person or system holding a bearer token. Only the SHA-256 of the token is stored. */
@Entity('app_user')
@Check('chk_app_user_role', `role IN ('admin','finance','program','township','village','auditor')`)
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_app_user' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  role: Role;

  @Index('ix_app_user_region')
  @Column({ name: 'region_code', type: 'varchar', length: 12 })
  regionCode: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'fk_app_user_region' })
  region?: Region;

  @Index('uq_app_user_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** Console sign-in name; null for token-only users (systems, integrations). */
  @Index('uq_app_user_username', { unique: true })
  @Column({ type: 'text', nullable: true })
  username?: string | null;

  /** `scrypt$N$r$p$salt$hash` (console/password.ts); null: no password sign-in. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash?: string | null;

  /** Set when an admin sets the password: the user chooses its own at first sign-in. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword?: boolean;

  @Column({ name: 'failed_sign_ins', type: 'int', default: 0 })
  failedSignIns?: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil?: Date | null;
}
