import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ByteLru } from '../common/byte-lru';
import { businessToday } from '../common/business-date';
import { notFound } from '../common/errors/domain-error';
import { strongEtag } from '../common/http/http-cache';
import { isUuid } from '../common/validation/uuid';
import { PublicPagesService } from './public-pages.service';
import { noticePage } from './views/notice.view';
import { ReadRouter } from '../database/replicas/read-router';

/** Rendered notice pages kept per instance (a page is ~10 KB; a county has hundreds of notices). */
const PAGE_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * What can change on a published notice's page: its correction, its objections (filed, resolved) and,
 * through today's date, its period's state. Everything else on it is the immutable content.
 */
const VERSION_SQL = `
  SELECT n.corrected_by_notice_id AS corrected_by,
         count(o.id)::int AS objections,
         count(o.id) FILTER (WHERE o.status = 'resolved')::int AS resolved
    FROM notice n LEFT JOIN objection o ON o.notice_id = n.id
   WHERE n.id = $1
   GROUP BY n.id`;

export interface RenderedPage {
  html: string;
  etag: string;
}

/**
 * A notice page on notice day: one small query says whether what the page shows has changed since
 * this instance rendered it; only then is it gathered (six queries) and rendered again. The database
 * decides, so every instance is as fresh as the database: none serves a page an objection has outdated.
 */
@Injectable()
export class NoticePageCache {
  private readonly pages = new ByteLru<RenderedPage>(PAGE_CACHE_BYTES);
  /** The key each notice was last rendered under, so an outdated render is dropped, not left to age out. */
  private readonly latest = new Map<string, string>();

  constructor(
    private readonly reads: ReadRouter,
    private readonly gather: PublicPagesService,
  ) {}

  /** A replica when one can answer this read, else the primary (ReadRouter). */
  private get db(): DataSource {
    return this.reads.source();
  }

  async page(id: string): Promise<RenderedPage> {
    if (!isUuid(id)) throw notFound('Notice', id);
    const [v]: Array<{ corrected_by: string | null; objections: number; resolved: number }> = await this.db.query(
      VERSION_SQL,
      [id],
    );
    if (!v) throw notFound('Notice', id);
    const today = businessToday();
    const key = `${id}|${v.corrected_by ?? ''}|${v.objections}|${v.resolved}|${today}`;
    const hit = this.pages.get(key);
    if (hit) return hit;
    // Read after the version: a render can only be newer than its key, never older.
    const notice = await this.gather.notice(id);
    const html = noticePage(notice, await this.gather.related(notice), today);
    const rendered = { html, etag: strongEtag(html) };
    const previous = this.latest.get(id);
    if (previous && previous !== key) this.pages.delete(previous);
    this.latest.set(id, key);
    this.pages.set(key, rendered, Buffer.byteLength(html));
    return rendered;
  }
}
