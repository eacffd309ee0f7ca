import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, notFound } from '../common/errors/domain-error';
import { businessToday } from '../common/business-date';
import { isRegionCode, levelOfCode, parentCodeOf } from '../common/region-code';
import { CheckpointService, type CheckpointView } from '../journal/checkpoints/checkpoint.service';
import { SigningKeyService } from '../journal/checkpoints/signing-key.service';
import { JournalService, type EntryView } from '../journal/journal.service';
import type { NoticeSummaryDto, NoticeViewDto } from '../notices/dto/notice.dto';
import { NoticeContentRow } from '../notices/notice.entities';
import { NoticesReadService } from '../notices/notices-read.service';
import { groupByRegion, type RegionGroup } from './notice-groups';
import { ReadRouter } from '../database/replicas/read-router';

/** At most this many notices on one page of /public; older ones follow the "more" link. */
export const LIST_PAGE_SIZE = 200;

export interface ListPageData {
  groups: RegionGroup[];
  regionCode?: string;
  regionName?: string;
  nextCursor: string | null;
  today: string;
}

export interface VerifyPageData {
  notice: NoticeViewDto;
  entry: EntryView;
  /** The book's latest signed checkpoint, shown as the server states it; the browser checks it. */
  checkpoint: CheckpointView | null;
  keyId: string;
}

/** Gathers what the public pages show; only published, public data ever passes through here. */
@Injectable()
export class PublicPagesService {
  constructor(
    private readonly reads: ReadRouter,
    private readonly notices: NoticesReadService,
    private readonly journal: JournalService,
    private readonly checkpoints: CheckpointService,
    private readonly key: SigningKeyService,
  ) {}

  /** A replica when one can answer this read, else the primary (ReadRouter). */
  private get db(): DataSource {
    return this.reads.source();
  }

  async list(regionCode?: string, cursor?: string): Promise<ListPageData> {
    if (regionCode !== undefined && !isRegionCode(regionCode)) throw notFound('Region', regionCode);
    const page = await this.notices.list({ regionPrefix: regionCode, limit: LIST_PAGE_SIZE, cursor });
    const names = await this.regionNames([...page.items.map((n) => n.regionCode), ...(regionCode ? [regionCode] : [])]);
    const today = businessToday();
    return {
      groups: groupByRegion(page.items, names, today),
      regionCode,
      regionName: regionCode ? names.get(regionCode) : undefined,
      nextCursor: page.nextCursor,
      today,
    };
  }

  notice(id: string): Promise<NoticeViewDto> {
    return this.notices.get(id);
  }

  /** Titles of the notices a notice corrects or is corrected by (for links on the notice page). */
  async related(notice: NoticeSummaryDto): Promise<Map<string, NoticeSummaryDto>> {
    const ids = [notice.correctsNoticeId, notice.correctedBy].filter((id): id is string => !!id);
    const found = await Promise.all(ids.map((id) => this.notices.get(id).catch(() => null)));
    return new Map(found.filter((n): n is NoticeViewDto => !!n).map((n) => [n.id, n]));
  }

  /** The exact canonical bytes whose SHA-256 is the notice's content hash (the browser re-hashes them). */
  async contentBytes(id: string): Promise<Buffer> {
    const notice = await this.notices.get(id);
    const row = await this.db.getRepository(NoticeContentRow).findOneBy({ contentHash: notice.contentHash });
    if (!row) throw notFound('Notice content', notice.contentHash);
    return row.body;
  }

  /** The exact canonical bytes of the notice's `notice.published` journal entry. */
  async entryBytes(id: string): Promise<Buffer> {
    const notice = await this.notices.get(id);
    return Buffer.from((await this.journal.entry(notice.book, notice.seq)).canonical, 'utf8');
  }

  async verify(id: string): Promise<VerifyPageData> {
    const notice = await this.notices.get(id);
    const [entry, checkpoint] = await Promise.all([
      this.journal.entry(notice.book, notice.seq),
      this.checkpoints.latest(notice.book).catch((e: unknown) => {
        if (e instanceof DomainError && e.code === 'NOT_FOUND') return null;
        throw e;
      }),
    ]);
    return { notice, entry, checkpoint, keyId: this.key.keyId };
  }

  /** Short names of the regions and of their county and township, for the group headings. */
  private async regionNames(codes: string[]): Promise<Map<string, string>> {
    const all = new Set<string>();
    for (const code of codes) {
      for (
        let c: string | null = code;
        c && !['country', 'province', 'city'].includes(levelOfCode(c));
        c = parentCodeOf(c)
      )
        all.add(c);
    }
    if (!all.size) return new Map();
    const rows: Array<{ code: string; name: string }> = await this.db.query(
      `SELECT code, name FROM region WHERE code = ANY($1)`,
      [[...all]],
    );
    return new Map(rows.map((r) => [r.code, r.name]));
  }
}
