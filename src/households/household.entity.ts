import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const LABOR_CAPACITIES = ['full', 'partial', 'none'] as const;
export type LaborCapacity = (typeof LABOR_CAPACITIES)[number];
/** 脱贫户 lifted out of poverty / 监测户 monitored for the risk of falling back. */
export const HOUSEHOLD_CATEGORIES = ['lifted', 'monitored'] as const;
export type HouseholdCategory = (typeof HOUSEHOLD_CATEGORIES)[number];

/**
 * A registered household (建档立卡): personal data the journal must not hold, written in its entry's
 * transaction but not a replay projection. Never returned as is: the service maps it to HouseholdDto.
 */
@Entity('household')
@Check('chk_household_members', 'members BETWEEN 1 AND 30')
@Check('chk_household_until', 'until IS NULL OR until >= since')
@Index('uq_household_id_number_hmac', ['idNumberHmac'], { unique: true })
@Index('ix_household_region', ['regionCode', 'id'])
export class Household {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_household' })
  id: string;

  @Column({ type: 'varchar', length: 12 })
  book: string;

  @Column({ name: 'region_code', type: 'varchar', length: 12 })
  regionCode: string;

  /** 户主: allowed on to-household notices, so kept in plain text. */
  @Column({ name: 'head_name', type: 'text' })
  headName: string;

  /** AES-256-GCM: iv ‖ tag ‖ ciphertext, the household id as associated data. */
  @Column({ name: 'id_number_sealed', type: 'bytea' })
  idNumberSealed: Buffer;

  /** HMAC-SHA256 of the normalised ID number: one ID number, one household, system-wide. */
  @Column({ name: 'id_number_hmac', type: 'bytea' })
  idNumberHmac: Buffer;

  /** The public form, `110105********1234`. */
  @Column({ name: 'id_number_masked', type: 'varchar', length: 18 })
  idNumberMasked: string;

  @Column({ type: 'int' })
  members: number;

  @Column({ name: 'labor_capacity', type: 'text' })
  laborCapacity: LaborCapacity;

  @Column({ type: 'text' })
  category: HouseholdCategory;

  @Column({ type: 'date' })
  since: string;

  /** Off the list from this date (exit); null while listed. */
  @Column({ type: 'date', nullable: true })
  until: string | null;

  @Column({ name: 'exit_reason', type: 'text', nullable: true })
  exitReason: string | null;
}

/** One row: the fingerprint of the household key the table was written with. */
@Entity('household_key_check')
@Check('chk_household_key_check_single', 'id = 1')
export class HouseholdKeyCheck {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_household_key_check' })
  id: number;

  @Column({ type: 'bytea' })
  fingerprint: Buffer;
}

export const HOUSEHOLD_ENTITIES = [Household, HouseholdKeyCheck];
