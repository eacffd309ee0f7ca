import type { JournalRecord, Projection } from '../journal/projections';
import { payloadOf } from '../journal/projections';
import type { NoticeType } from './notice-content';
import { Notice, Objection } from './notice.entities';

export const NOTICE_PUBLISHED = 'notice.published';
export const OBJECTION_FILED = 'objection.filed';
export const OBJECTION_RESOLVED = 'objection.resolved';

/**
 * What `notice.published` carries: the `notice` row's data, public and impersonal. The content may name
 * households, which the hashed chain must never hold (an erasure would break it), so the entry holds its
 * SHA-256 and the bytes sit in `notice_content`: the replay rebuilds from payloads alone, and anyone can
 * prove a printed notice is the published one by re-hashing it.
 */
export interface NoticePublishedPayload {
  noticeId: string;
  type: NoticeType;
  projectId: string | null;
  regionCode: string;
  title: string;
  issuer: string;
  contentHash: string;
  periodStart: string;
  periodEnd: string | null;
  correctsNoticeId: string | null;
}

/** The summary text stays out of the journal too (free text from anyone); its hash is here. */
export interface ObjectionFiledPayload {
  objectionId: string;
  noticeId: string;
  summaryHash: string;
}

/** The resolution is the issuing office's own public answer, so it is kept in the chain. */
export interface ObjectionResolvedPayload {
  objectionId: string;
  noticeId: string;
  resolution: string;
}

async function apply(
  em: Parameters<Projection['apply']>[0],
  { book, seq, document: doc }: JournalRecord,
): Promise<void> {
  switch (doc.type) {
    case NOTICE_PUBLISHED: {
      const p = payloadOf<NoticePublishedPayload>(doc);
      await em.getRepository(Notice).insert({
        id: p.noticeId,
        type: p.type,
        projectId: p.projectId,
        regionCode: p.regionCode,
        book,
        seq,
        title: p.title,
        issuer: p.issuer,
        contentHash: p.contentHash,
        periodStart: p.periodStart,
        periodEnd: p.periodEnd,
        issuedOn: doc.occurredOn,
        correctsNoticeId: p.correctsNoticeId,
        correctedByNoticeId: null,
        publishedAt: new Date(doc.recordedAt),
      });
      if (p.correctsNoticeId)
        await em.getRepository(Notice).update(p.correctsNoticeId, { correctedByNoticeId: p.noticeId });
      return;
    }
    case OBJECTION_FILED: {
      const p = payloadOf<ObjectionFiledPayload>(doc);
      await em.getRepository(Objection).insert({
        id: p.objectionId,
        noticeId: p.noticeId,
        book,
        filedSeq: seq,
        receivedOn: doc.occurredOn,
        summaryHash: p.summaryHash,
        status: 'open',
        resolution: null,
        resolvedOn: null,
        resolvedSeq: null,
      });
      return;
    }
    case OBJECTION_RESOLVED: {
      const p = payloadOf<ObjectionResolvedPayload>(doc);
      await em.getRepository(Objection).update(p.objectionId, {
        status: 'resolved',
        resolution: p.resolution,
        resolvedOn: doc.occurredOn,
        resolvedSeq: seq,
      });
      return;
    }
  }
}

export const noticesProjection: Projection = {
  name: 'notices',
  tables: ['notice', 'objection'],
  types: [NOTICE_PUBLISHED, OBJECTION_FILED, OBJECTION_RESOLVED],
  apply,
};
