import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { RegionLevel } from '../common/region-code';

@Entity('region')
@Check('chk_region_code', `code ~ '^[0-9]{12}$'`)
@Check('chk_region_level', `level IN ('country','province','city','county','township','village')`)
export class Region {
  @PrimaryColumn({ type: 'varchar', length: 12, primaryKeyConstraintName: 'pk_region' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  level: RegionLevel;

  @Index('ix_region_parent')
  @Column({ name: 'parent_code', type: 'varchar', length: 12, nullable: true })
  parentCode: string | null;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_code', foreignKeyConstraintName: 'fk_region_parent' })
  parent?: Region;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
