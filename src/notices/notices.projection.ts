import type { JournalRecord, Projection } from '../journal/projections';
import { payloadOf } from '../journal/projections';
import type { NoticeType } from './notice-content';
import { Notice, Objection } from './notice.entities';

export const NOTICE_PUBLISHED = 'notice.published';
export const OBJECTION_FILED = 'objection.filed';
export const OBJECTION_RESOLVED = 'objection.resolved';

/**
 * What a `notice.published` entry carries: everything the `notice` row needs, all of it public
 * and none of it personal. The content itself is not here: it may list households by name, which
 * the hashed journal must never hold (a legal erasure would break the chain). The entry holds the
 * content's SHA-256 instead; the exact canonical bytes sit in the insert-only `notice_content`
 * table keyed by that hash (the database checks key = sha256(bytes)). So the replay check
 * rebuilds `notice` from payloads alone, and anyone can prove a printed notice's content is the
 * published one by re-hashing it and finding the hash in the signed chain.
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

/** The notice and objection tables as a projection of the journal: rebuilt by the replay check. */
export const noticesProjection: Projection = {
  name: 'notices',
  tables: ['notice', 'objection'],
  types: [NOTICE_PUBLISHED, OBJECTION_FILED, OBJECTION_RESOLVED],
  apply,
};
