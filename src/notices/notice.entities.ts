import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { seqTransformer } from '../database/money.transformer';
import type { NoticeType } from './notice-content';

/** A published notice: a projection of `notice.published`; the content is in `notice_content`, by its hash. */
@Entity('notice')
@Index('ix_notice_project_type', ['projectId', 'type', 'seq'])
@Index('ix_notice_region', ['regionCode', 'publishedAt'])
@Index('uq_notice_book_seq', ['book', 'seq'], { unique: true })
export class Notice {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_notice' })
  id: string;

  @Column({ type: 'text' })
  type: NoticeType;

  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId: string | null;

  @Column({ name: 'region_code', type: 'varchar', length: 12 })
  regionCode: string;

  @Column({ type: 'varchar', length: 12 })
  book: string;

  /** Seq of the `notice.published` entry in the county book. */
  @Column({ type: 'bigint', transformer: seqTransformer })
  seq: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  issuer: string;

  /** Hex SHA-256 of the RFC 8785 canonical content (the key of `notice_content`). */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ name: 'period_start', type: 'date' })
  periodStart: string;

  /** Null for an announcement (long-term). */
  @Column({ name: 'period_end', type: 'date', nullable: true })
  periodEnd: string | null;

  @Column({ name: 'issued_on', type: 'date' })
  issuedOn: string;

  @Column({ name: 'corrects_notice_id', type: 'uuid', nullable: true })
  correctsNoticeId: string | null;

  /** Set when a correction of this notice is published: the gates then read the correction. */
  @Column({ name: 'corrected_by_notice_id', type: 'uuid', nullable: true })
  correctedByNoticeId: string | null;

  /** The entry's recordedAt, so a replay rebuilds the same instant. */
  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;
}

/**
 * The canonical bytes of a notice's content, keyed by their SHA-256 (checked by the database). Beside
 * the journal, not in it: it may name households. Insert-only, written with the `notice.published` entry.
 */
@Entity('notice_content')
@Check('chk_notice_content_hash', `content_hash = encode(sha256(body), 'hex')`)
export class NoticeContentRow {
  @PrimaryColumn({ name: 'content_hash', type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_notice_content' })
  contentHash: string;

  @Column({ type: 'bytea' })
  body: Buffer;
}

export type ObjectionStatus = 'open' | 'resolved';

/** An objection (异议) to a notice: a projection of `objection.filed` / `objection.resolved`. */
@Entity('objection')
@Index('ix_objection_notice', ['noticeId', 'filedSeq'])
export class Objection {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_objection' })
  id: string;

  @Column({ name: 'notice_id', type: 'uuid' })
  noticeId: string;

  @Column({ type: 'varchar', length: 12 })
  book: string;

  @Column({ name: 'filed_seq', type: 'bigint', transformer: seqTransformer })
  filedSeq: number;

  @Column({ name: 'received_on', type: 'date' })
  receivedOn: string;

  /** Hex SHA-256 of the summary text, which is kept in `objection_submission`. */
  @Column({ name: 'summary_hash', type: 'varchar', length: 64 })
  summaryHash: string;

  @Column({ type: 'text' })
  status: ObjectionStatus;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ name: 'resolved_on', type: 'date', nullable: true })
  resolvedOn: string | null;

  @Column({ name: 'resolved_seq', type: 'bigint', nullable: true, transformer: seqTransformer })
  resolvedSeq: number | null;
}

/** What the public wrote: the summary (free text, so outside the hashed journal) and the contact (never shown). */
@Entity('objection_submission')
export class ObjectionSubmission {
  @PrimaryColumn({ name: 'objection_id', type: 'uuid', primaryKeyConstraintName: 'pk_objection_submission' })
  objectionId: string;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'text', nullable: true })
  contact: string | null;
}

export const NOTICE_ENTITIES: (new () => object)[] = [Notice, NoticeContentRow, Objection, ObjectionSubmission];
