import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../auth/role';
import { assertNotBefore } from '../common/business-date';
import { DomainError } from '../common/errors/domain-error';
import { fenToYuan, yuanToFen } from '../common/money';
import { appConfig, type AppConfig } from '../config/app.config';
import type { PostingDraft } from '../journal/append/entry-draft';
import { assertNoticeGate } from '../notices/notice-gates';
import { FundAmount, releasesAfter } from './disbursement-rules';
import { AcceptProjectDto, CancelProjectDto, CompleteProjectDto, StartProjectDto } from './dto/project.dto';
import { ProjectDto } from './dto/project-view.dto';
import { ProjectJournal } from './project-journal.service';
import { resultsOf } from './project-performance';
import { addMonths, loadFunding, percentOf, STEP_FROM } from './project-rules';
import type { ProjectAcceptedPayload, ProjectCancelledPayload, ProjectStartedPayload } from './projects.projection';

const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

/** What is still committed goes back to the county's pool: project → pool, per fund. */
export const releasePostings = (book: string, projectId: string, releases: FundAmount[]): PostingDraft[] =>
  releases.flatMap((r) => [
    { account: `project:${projectId}`, fund: r.fundId, amount: -r.amount },
    { account: `pool:${book}`, fund: r.fundId, amount: r.amount },
  ]);

/** 实施 → 完工 → 验收, and 终止: the steps after approval. */
@Injectable()
export class ProjectLifecycleService {
  constructor(
    private readonly projects: ProjectJournal,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  start(actor: Actor, id: string, dto: StartProjectDto, idempotencyKey?: string): Promise<ProjectDto> {
    const payload: Omit<ProjectStartedPayload, 'projectId'> = {
      ...(dto.contractor ? { contractor: dto.contractor } : {}),
      ...(dto.contractAmount ? { contractAmount: yuanToFen(dto.contractAmount).toString() } : {}),
      ...(dto.procurement ? { procurement: dto.procurement } : {}),
    };
    return this.projects.step(
      actor,
      id,
      {
        type: 'project.started',
        on: dto.startedOn,
        from: STEP_FROM.start,
        action: 'start the works',
        build: async (_project, { em }) => {
          await assertNoticeGate(em, id, 'approval', dto.startedOn, 'start the works');
          return { payload };
        },
      },
      idempotencyKey,
    );
  }

  complete(actor: Actor, id: string, dto: CompleteProjectDto, idempotencyKey?: string): Promise<ProjectDto> {
    return this.projects.step(
      actor,
      id,
      { type: 'project.completed', on: dto.completedOn, from: STEP_FROM.complete, action: 'complete the project' },
      idempotencyKey,
    );
  }

  /** 验收. */
  accept(actor: Actor, id: string, dto: AcceptProjectDto, idempotencyKey?: string): Promise<ProjectDto> {
    const finalCost = yuanToFen(dto.finalCost);
    return this.projects.step(
      actor,
      id,
      {
        type: 'project.accepted',
        on: dto.acceptedOn,
        from: STEP_FROM.accept,
        action: 'accept the project',
        build: async (project, { em }) => {
          const results = dto.results && resultsOf(project.performanceIndicators, dto.results);
          const base = {
            result: dto.result,
            finalCost: finalCost.toString(),
            opinion: dto.opinion,
            ...(results ? { results } : {}),
          };
          if (dto.result === 'failed') {
            const payload: Omit<ProjectAcceptedPayload, 'projectId'> = { ...base, retention: '0', settles: false };
            return { payload };
          }
          const lines = await loadFunding(em, id);
          const committed = sum(lines.map((l) => l.committed - l.released));
          const paid = sum(lines.map((l) => l.disbursed));
          if (finalCost === 0n)
            throw new DomainError(
              'VALIDATION_FAILED',
              'A passed acceptance needs a final cost above zero / 决算金额须大于零',
            );
          if (finalCost > committed) {
            throw new DomainError(
              'OVER_COMMITMENT',
              `Final cost ${dto.finalCost} is more than the committed ${fenToYuan(committed)} / 决算金额超出批复资金`,
              {
                finalCost: dto.finalCost,
                committed: fenToYuan(committed),
              },
            );
          }
          if (finalCost < paid) {
            throw new DomainError(
              'VALIDATION_FAILED',
              `Final cost ${dto.finalCost} is less than the ${fenToYuan(paid)} already paid / 决算金额少于已拨付金额`,
              {
                finalCost: dto.finalCost,
                paid: fenToYuan(paid),
              },
            );
          }
          const settles = paid === finalCost;
          const payload: Omit<ProjectAcceptedPayload, 'projectId'> = {
            ...base,
            retention: percentOf(finalCost, this.config.retentionPercent).toString(),
            retentionDueOn: addMonths(dto.acceptedOn, this.config.retentionMonths),
            settles,
          };
          const releases = settles ? releasesAfter(lines) : [];
          return {
            payload,
            postings: releasePostings(project.book, id, releases),
            subjects: releases.map((r) => `fund:${r.fundId}`),
          };
        },
      },
      idempotencyKey,
    );
  }

  /** 终止: from any state before settled; what is committed and not paid goes back to the pool. */
  cancel(actor: Actor, id: string, dto: CancelProjectDto, idempotencyKey?: string): Promise<ProjectDto> {
    const payload: Omit<ProjectCancelledPayload, 'projectId'> = { reason: dto.reason };
    return this.projects.step(
      actor,
      id,
      {
        type: 'project.cancelled',
        on: dto.cancelledOn,
        from: STEP_FROM.cancel,
        action: 'cancel the project',
        build: async (project, { em }) => {
          const [{ last }]: Array<{ last: string | null }> = await em.query(
            `SELECT max(paid_on)::text AS last FROM disbursement WHERE project_id = $1 AND reversed_seq IS NULL`,
            [id],
          );
          assertNotBefore(dto.cancelledOn, last, 'the last payment', 'cancelledOn');
          const releases = releasesAfter(await loadFunding(em, id));
          return {
            payload,
            postings: releasePostings(project.book, id, releases),
            subjects: releases.map((r) => `fund:${r.fundId}`),
          };
        },
      },
      idempotencyKey,
    );
  }
}
