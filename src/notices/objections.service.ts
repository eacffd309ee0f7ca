import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/role';
import { assertNotBefore } from '../common/business-date';
import { DomainError, notFound } from '../common/errors/domain-error';
import { isUuid } from '../common/validation/uuid';
import { JournalService } from '../journal/journal.service';
import { FiledObjectionDto, FileObjectionDto, ResolveObjectionDto } from './dto/notice.dto';
import { Notice, Objection, ObjectionStatus, ObjectionSubmission } from './notice.entities';
import { assertIssuer } from './notices.service';
import {
  OBJECTION_FILED,
  OBJECTION_RESOLVED,
  ObjectionFiledPayload,
  ObjectionResolvedPayload,
} from './notices.projection';

/** An objection is answered once: the service refuses a second answer, and the console offers no form for it. */
export const isAnswered = (objection: { status: ObjectionStatus }): boolean => objection.status !== 'open';

async function loadNotice(em: EntityManager, id: string): Promise<Notice> {
  const notice = isUuid(id) ? await em.getRepository(Notice).findOneBy({ id }) : null;
  if (!notice) throw notFound('Notice', id);
  return notice;
}

/** 异议: anyone may object without logging in; both sides are journal entries, so an open one holds the gate. */
@Injectable()
export class ObjectionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly journal: JournalService,
  ) {}

  async file(noticeId: string, dto: FileObjectionDto, idempotencyKey?: string): Promise<FiledObjectionDto> {
    const { book } = await loadNotice(this.db.manager, noticeId);
    const id = randomUUID();
    const summary = dto.summary.trim();
    const contact = dto.contact?.trim() || null;
    const entry = await this.journal.append(
      book,
      async ({ em }) => {
        const notice = await loadNotice(em, noticeId);
        assertNotBefore(dto.receivedOn, notice.issuedOn, 'the notice was published', 'receivedOn');
        // Beside the entry, never in it: free text from anyone and a contact; rolled back with it.
        await em.getRepository(ObjectionSubmission).insert({ objectionId: id, summary, contact });
        const payload: ObjectionFiledPayload = {
          objectionId: id,
          noticeId,
          summaryHash: createHash('sha256').update(summary, 'utf8').digest('hex'),
        };
        return {
          type: OBJECTION_FILED,
          occurredOn: dto.receivedOn,
          actor: 'public',
          subjects: [
            `notice:${noticeId}`,
            `objection:${id}`,
            ...(notice.projectId ? [`project:${notice.projectId}`] : []),
          ],
          payload,
        };
      },
      { idempotencyKey },
    );
    const filedId = entry.document.payload.objectionId;
    const row = await this.db.getRepository(Objection).findOneByOrFail({ id: filedId });
    return { id: filedId, noticeId, book: entry.book, seq: entry.seq, status: row.status };
  }

  /** The issuing side (the role that publishes this type of notice, in the notice's region) answers. */
  async resolve(
    actor: Actor,
    noticeId: string,
    objectionId: string,
    dto: ResolveObjectionDto,
    idempotencyKey?: string,
  ): Promise<FiledObjectionDto> {
    const notice = await loadNotice(this.db.manager, noticeId);
    assertIssuer(actor, notice.type, notice.regionCode);
    const entry = await this.journal.append(
      notice.book,
      async ({ em }) => {
        const objection = isUuid(objectionId)
          ? await em.getRepository(Objection).findOneBy({ id: objectionId, noticeId })
          : null;
        if (!objection) throw notFound('Objection', objectionId);
        if (isAnswered(objection)) {
          throw new DomainError(
            'INVALID_STATE',
            `Objection ${objectionId} was already resolved on ${objection.resolvedOn} / 该异议已处理`,
            { current: objection.status },
          );
        }
        assertNotBefore(dto.resolvedOn, objection.receivedOn, 'the objection was received', 'resolvedOn');
        const payload: ObjectionResolvedPayload = { objectionId, noticeId, resolution: dto.resolution.trim() };
        return {
          type: OBJECTION_RESOLVED,
          occurredOn: dto.resolvedOn,
          actor: actor.userId,
          subjects: [
            `notice:${noticeId}`,
            `objection:${objectionId}`,
            ...(notice.projectId ? [`project:${notice.projectId}`] : []),
          ],
          payload,
        };
      },
      { idempotencyKey },
    );
    return { id: objectionId, noticeId, book: entry.book, seq: entry.seq, status: 'resolved' };
  }
}
