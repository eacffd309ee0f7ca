import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { notFound } from '../common/errors/domain-error';
import { Page, toPage } from '../common/pagination';
import { subtreePrefix } from '../common/region-code';
import { isUuid } from '../common/validation/uuid';
import { appConfig, type AppConfig } from '../config/app.config';
import { NoticeSummaryDto, NoticeViewDto, ObjectionViewDto } from './dto/notice.dto';
import type { NoticeContent, NoticeSeal, NoticeType } from './notice-content';
import { Notice, NoticeContentRow, Objection, ObjectionSubmission } from './notice.entities';
import { regionFullNames } from './region-names';
import { ReadRouter } from '../database/replicas/read-router';

export interface ListNoticesOptions {
  /** Region code prefix (e.g. `411103` for a county), or a full 12-digit code for its subtree. */
  regionPrefix?: string;
  type?: NoticeType;
  projectId?: string;
  limit?: number;
  cursor?: string;
}

/** Published notices for the API and the public pages: no login, nothing personal (contacts are never read). */
@Injectable()
export class NoticesReadService {
  constructor(
    private readonly reads: ReadRouter,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  /** A replica when one can answer this read, else the primary (ReadRouter). */
  private get db(): DataSource {
    return this.reads.source();
  }

  pdfUrl(id: string): string {
    return `/api/v1/notices/${id}/pdf`;
  }

  verifyUrl(id: string): string {
    return `${this.config.publicBaseUrl}/public/verify/${id}`;
  }

  /** Newest first (publishedAt, then id); the cursor is opaque. */
  async list(options: ListNoticesOptions = {}): Promise<Page<NoticeSummaryDto>> {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
    const qb = this.db
      .getRepository(Notice)
      .createQueryBuilder('n')
      .orderBy('n.published_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .take(limit + 1);
    if (options.regionPrefix) {
      const prefix = /^\d{12}$/.test(options.regionPrefix) ? subtreePrefix(options.regionPrefix) : options.regionPrefix;
      qb.andWhere('n.region_code LIKE :prefix', { prefix: `${prefix.replace(/[^0-9]/g, '')}%` });
    }
    if (options.type) qb.andWhere('n.type = :type', { type: options.type });
    if (options.projectId) qb.andWhere('n.project_id = :projectId', { projectId: options.projectId });
    const after = decodeCursor(options.cursor);
    if (after) qb.andWhere('(n.published_at, n.id) < (:at::timestamptz, :id::uuid)', after);
    const rows = await qb.getMany();
    const items = await this.summaries(rows);
    return toPage(items, limit, (n) => Buffer.from(`${n.publishedAt}|${n.id}`).toString('base64url'));
  }

  /** One notice with its content, seal and objections; NOT_FOUND if there is none. */
  async get(id: string): Promise<NoticeViewDto> {
    const notice = await this.row(id);
    const [[summary], content, objections] = await Promise.all([
      this.summaries([notice]),
      this.content(notice.contentHash),
      this.objections(id),
    ]);
    return { ...summary, content, seal: this.seal(notice), objections };
  }

  /** The notice's own row (immutable once published); NOT_FOUND if there is none. */
  async row(id: string): Promise<Notice> {
    const notice = isUuid(id) ? await this.db.getRepository(Notice).findOneBy({ id }) : null;
    if (!notice) throw notFound('Notice', id);
    return notice;
  }

  seal(n: Pick<Notice, 'id' | 'contentHash' | 'book' | 'seq'>): NoticeSeal {
    return { contentHash: n.contentHash, book: n.book, seq: String(n.seq), verifyUrl: this.verifyUrl(n.id) };
  }

  /** The published content, parsed from the exact canonical bytes that were hashed. */
  async content(contentHash: string): Promise<NoticeContent> {
    const row = await this.db.getRepository(NoticeContentRow).findOneBy({ contentHash });
    if (!row) throw notFound('Notice content', contentHash);
    return JSON.parse(row.body.toString('utf8')) as NoticeContent;
  }

  async objections(noticeId: string): Promise<ObjectionViewDto[]> {
    const rows = await this.db.getRepository(Objection).find({ where: { noticeId }, order: { filedSeq: 'ASC' } });
    const texts = rows.length
      ? await this.db
          .getRepository(ObjectionSubmission)
          .find({ select: { objectionId: true, summary: true }, where: { objectionId: In(rows.map((r) => r.id)) } })
      : [];
    const summaries = new Map(texts.map((t) => [t.objectionId, t.summary]));
    return rows.map((o) => ({
      id: o.id,
      summary: summaries.get(o.id) ?? '',
      receivedOn: o.receivedOn,
      status: o.status,
      ...(o.resolution !== null ? { resolution: o.resolution } : {}),
      ...(o.resolvedOn !== null ? { resolvedOn: o.resolvedOn } : {}),
    }));
  }

  private async summaries(rows: Notice[]): Promise<NoticeSummaryDto[]> {
    if (!rows.length) return [];
    const names = await regionFullNames(
      this.db.manager,
      rows.map((r) => r.regionCode),
    );
    const open: Array<{ notice_id: string; n: number }> = await this.db.query(
      `SELECT notice_id, count(*)::int AS n FROM objection
        WHERE notice_id = ANY($1::uuid[]) AND status = 'open' GROUP BY notice_id`,
      [rows.map((r) => r.id)],
    );
    const openBy = new Map(open.map((o) => [o.notice_id, o.n]));
    return rows.map((n) => ({
      id: n.id,
      type: n.type,
      title: n.title,
      issuer: n.issuer,
      regionCode: n.regionCode,
      regionName: names.get(n.regionCode) ?? n.regionCode,
      projectId: n.projectId,
      periodStart: n.periodStart,
      periodEnd: n.periodEnd,
      issuedOn: n.issuedOn,
      publishedAt: n.publishedAt.toISOString(),
      book: n.book,
      seq: n.seq,
      contentHash: n.contentHash,
      correctsNoticeId: n.correctsNoticeId,
      correctedBy: n.correctedByNoticeId,
      openObjections: openBy.get(n.id) ?? 0,
      pdfUrl: this.pdfUrl(n.id),
      verifyUrl: this.verifyUrl(n.id),
    }));
  }
}

function decodeCursor(cursor?: string): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !isUuid(id ?? '') || Number.isNaN(Date.parse(at))) return undefined;
  return { at, id };
}
