import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { createHash, randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor, Role } from '../auth/role';
import { assertInScope } from '../auth/scope';
import { assertNotBefore, businessToday } from '../common/business-date';
import { DomainError, notFound } from '../common/errors/domain-error';
import { bookOfRegion, levelOfCode } from '../common/region-code';
import { appConfig, type AppConfig } from '../config/app.config';
import { JournalService } from '../journal/journal.service';
import type { Project } from '../projects/project.entity';
import { ProjectReadService } from '../projects/project-read.service';
import { assertStatus, loadProject } from '../projects/project-rules';
import { buildAnnouncement } from './content/announcement-content';
import { buildProjectNotice, ProjectNoticeType } from './content/project-notice-content';
import { addDays, daysBetween, PublishedNoticeDto, PublishNoticeDto } from './dto/notice.dto';
import type { NoticeContent, NoticeType } from './notice-content';
import { Notice, NoticeContentRow } from './notice.entities';
import { NoticesReadService } from './notices-read.service';
import { NOTICE_PUBLISHED, NoticePublishedPayload, noticesProjection } from './notices.projection';

/** 谁分配、谁使用、谁公开: who issues each notice. */
export const ISSUING_ROLES: Record<NoticeType, Role[]> = {
  application: ['village', 'township'],
  approval: ['program'],
  completion: ['village', 'township'],
  announcement: ['finance', 'program'],
};

/** The project states in which a notice of the type may be published; the console's pages read it too. */
export const NOTICE_FROM: Record<ProjectNoticeType, Project['status'][]> = {
  application: ['applied'],
  approval: ['approved'],
  completion: ['accepted', 'failed', 'settled'],
};

/** The project states in which a notice of the type may be published, and the date it follows. */
const STAGES: Record<
  ProjectNoticeType,
  { from: Project['status'][]; date: (p: Project) => string | null; what: string }
> = {
  application: { from: NOTICE_FROM.application, date: (p) => p.appliedOn, what: 'the application' },
  approval: { from: NOTICE_FROM.approval, date: (p) => p.approvedOn, what: 'the approval' },
  completion: { from: NOTICE_FROM.completion, date: (p) => p.acceptedOn, what: 'the acceptance' },
};

/** RFC 8785 canonical bytes of the content and their hex SHA-256 — the notice's identity. */
export function canonicalContent(content: NoticeContent): { bytes: Buffer; hash: string } {
  const text = canonicalize(content);
  if (text === undefined) throw new Error('notice content cannot be canonicalised');
  const bytes = Buffer.from(text, 'utf8');
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
}

/** The role may issue the type; approval and announcement come from the county. */
export function assertIssuer(actor: Actor, type: NoticeType, regionCode: string): void {
  const countyOnly = type === 'approval' || type === 'announcement';
  const townshipApplication =
    type === 'application' && actor.role === 'township' && levelOfCode(regionCode) !== 'township';
  if (
    !ISSUING_ROLES[type].includes(actor.role) ||
    (countyOnly && levelOfCode(actor.regionCode) !== 'county') ||
    townshipApplication
  ) {
    throw new DomainError(
      'FORBIDDEN',
      `A ${actor.role} of ${actor.regionCode} does not issue ${type} notices / 无权发布此类公示(谁分配、谁使用、谁公开)`,
      {
        type,
        issuedBy: ISSUING_ROLES[type],
      },
    );
  }
  assertInScope(actor, regionCode);
}

/** 三公示一公告: the content is read in the journal callback, under the book lock, and commits with the entry. */
@Injectable()
export class NoticesService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly journal: JournalService,
    private readonly projects: ProjectReadService,
    private readonly reader: NoticesReadService,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.journal.registerProjection(noticesProjection);
  }

  async publish(actor: Actor, dto: PublishNoticeDto, idempotencyKey?: string): Promise<PublishedNoticeDto> {
    const id = randomUUID();
    const { book, build } =
      dto.type === 'announcement' ? this.announcement(actor, dto) : await this.projectNotice(actor, dto, dto.type);
    const entry = await this.journal.append(
      book,
      async ({ em }) => {
        const { content, projectId } = await build(em);
        const { bytes, hash } = canonicalContent(content);
        await em
          .createQueryBuilder()
          .insert()
          .into(NoticeContentRow)
          .values({ contentHash: hash, body: bytes })
          .orIgnore()
          .execute();
        const payload: NoticePublishedPayload = {
          noticeId: id,
          type: dto.type,
          projectId,
          regionCode: content.regionCode,
          title: content.title,
          issuer: content.issuer,
          contentHash: hash,
          periodStart: content.periodStart,
          periodEnd: content.periodEnd,
          correctsNoticeId: content.correctsNoticeId,
        };
        return {
          type: NOTICE_PUBLISHED,
          occurredOn: content.issuedOn,
          actor: actor.userId,
          subjects: [
            `notice:${id}`,
            ...(projectId ? [`project:${projectId}`] : []),
            ...(content.correctsNoticeId ? [`notice:${content.correctsNoticeId}`] : []),
          ],
          payload,
        };
      },
      { idempotencyKey },
    );
    const p = entry.document.payload;
    return {
      id: p.noticeId,
      contentHash: p.contentHash,
      book: entry.book,
      seq: entry.seq,
      pdfUrl: this.reader.pdfUrl(p.noticeId),
      verifyUrl: this.reader.verifyUrl(p.noticeId),
    };
  }

  /** The content a notice of this type would have now: for the preview PDF, nothing written. */
  async preview(
    actor: Actor,
    projectId: string,
    type: ProjectNoticeType,
    frame: { periodStart?: string; periodEnd?: string; issuer?: string; hotline?: string },
  ): Promise<NoticeContent> {
    const project = await this.projects.readable(actor, projectId);
    const periodStart = frame.periodStart ?? businessToday();
    const periodEnd = frame.periodEnd ?? addDays(periodStart, this.config.noticeMinDays[type]);
    return buildProjectNotice(this.db.manager, type, project, {
      issuer: frame.issuer ?? project.implementingUnit,
      periodStart,
      periodEnd,
      issuedOn: periodStart > businessToday() ? businessToday() : periodStart,
      hotline: { local: frame.hotline ?? '', national: this.config.nationalHotline },
      correctsNoticeId: null,
    });
  }

  private frame(dto: PublishNoticeDto) {
    const today = businessToday();
    return {
      issuer: dto.issuer.trim(),
      periodStart: dto.periodStart,
      // A notice may go on the board tomorrow; its entry is dated the day it is recorded.
      issuedOn: dto.periodStart > today ? today : dto.periodStart,
      hotline: { local: dto.hotline?.local ?? '', national: this.config.nationalHotline },
      correctsNoticeId: dto.correctsNoticeId ?? null,
    };
  }

  private async projectNotice(actor: Actor, dto: PublishNoticeDto, type: ProjectNoticeType) {
    if (!dto.projectId)
      throw new DomainError('VALIDATION_FAILED', `A ${type} notice needs projectId / 项目公示须指定项目`);
    if (dto.year !== undefined)
      throw new DomainError('VALIDATION_FAILED', 'year is for announcements only / 仅资金分配结果公告可指定年度');
    if (!dto.periodEnd)
      throw new DomainError('VALIDATION_FAILED', `A ${type} notice needs periodEnd / 公示须有截止日期`);
    const days = daysBetween(dto.periodStart, dto.periodEnd);
    const min = this.config.noticeMinDays[type];
    if (days < min) {
      throw new DomainError(
        'NOTICE_PERIOD_TOO_SHORT',
        `A ${type} notice runs at least ${min} days; ` +
          `${dto.periodStart} to ${dto.periodEnd} is ${days} / 公示期不得少于${min}天`,
        {
          minDays: min,
          days,
        },
      );
    }
    const project = await this.projects.readable(actor, dto.projectId);
    if (dto.regionCode && dto.regionCode !== project.regionCode) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `The project is in ${project.regionCode}, not ${dto.regionCode} / 公示地区与项目不符`,
      );
    }
    assertIssuer(actor, type, project.regionCode);
    const frame = { ...this.frame(dto), periodEnd: dto.periodEnd };
    const build = async (em: EntityManager) => {
      const current = await loadProject(em, project.id);
      const stage = STAGES[type];
      assertStatus(current, stage.from, `publish a ${type} notice`);
      assertNotBefore(dto.periodStart, stage.date(current), stage.what, 'periodStart');
      await assertCorrection(em, { type, projectId: project.id, regionCode: project.regionCode }, dto.correctsNoticeId);
      return { content: await buildProjectNotice(em, type, current, frame), projectId: project.id };
    };
    return { book: project.book, build };
  }

  private announcement(actor: Actor, dto: PublishNoticeDto) {
    if (!dto.regionCode || levelOfCode(dto.regionCode) !== 'county') {
      throw new DomainError(
        'VALIDATION_FAILED',
        'An announcement needs the regionCode of a county / 资金分配结果公告须指定县级区划',
      );
    }
    if (dto.projectId || dto.periodEnd)
      throw new DomainError(
        'VALIDATION_FAILED',
        'An announcement has no projectId and no periodEnd (it stays up) / 公告长期公开',
      );
    assertIssuer(actor, 'announcement', dto.regionCode);
    const regionCode = dto.regionCode;
    const year = dto.year ?? Number(dto.periodStart.slice(0, 4));
    const build = async (em: EntityManager) => {
      await assertCorrection(em, { type: 'announcement', projectId: null, regionCode }, dto.correctsNoticeId);
      return {
        content: await buildAnnouncement(em, { ...this.frame(dto), countyCode: regionCode, year }),
        projectId: null,
      };
    };
    return { book: bookOfRegion(regionCode), build };
  }
}

/** Published notices never change: a second notice of a type and subject must be a correction of the current one. */
async function assertCorrection(
  em: EntityManager,
  subject: { type: NoticeType; projectId: string | null; regionCode: string },
  correctsId?: string,
): Promise<void> {
  const repo = em.getRepository(Notice);
  if (!correctsId) {
    if (subject.projectId && (await repo.existsBy({ projectId: subject.projectId, type: subject.type }))) {
      throw new DomainError(
        'ALREADY_EXISTS',
        `A ${subject.type} notice of this project is already published; ` +
          'publish a correction naming it (correctsNoticeId) / 已发布,请以更正公示替换',
      );
    }
    return;
  }
  const corrected = await repo.findOneBy({ id: correctsId });
  if (!corrected) throw notFound('Notice', correctsId);
  if (
    corrected.type !== subject.type ||
    corrected.projectId !== subject.projectId ||
    corrected.regionCode !== subject.regionCode
  ) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `A correction replaces a notice of the same type and project / 更正公示须与原公示类型、项目一致`,
      { correctsNoticeId: correctsId },
    );
  }
  if (corrected.correctedByNoticeId) {
    throw new DomainError(
      'INVALID_STATE',
      `Notice ${correctsId} was already corrected by ${corrected.correctedByNoticeId}; correct that one / 原公示已被更正`,
      {
        correctedBy: corrected.correctedByNoticeId,
      },
    );
  }
}
