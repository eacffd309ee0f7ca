import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/role';
import { assertInScope } from '../auth/scope';
import { DomainError } from '../common/errors/domain-error';
import { yuanToFen } from '../common/money';
import { bookOfRegion, levelOfCode } from '../common/region-code';
import { assertNoticeGate } from '../notices/notice-gates';
import { RegionsService } from '../regions/regions.service';
import { CreateProjectDto, ReviewProjectDto } from './dto/project.dto';
import { ProjectDto } from './dto/project-view.dto';
import { ProjectJournal } from './project-journal.service';
import { assertBeneficiariesListed, indicatorsOf } from './project-performance';
import { ProjectReadService } from './project-read.service';
import { STEP_FROM } from './project-rules';
import type { ProjectAppliedPayload, ProjectReviewedPayload } from './projects.projection';

const PROJECT_LEVELS = new Set(['village', 'township']);

/** 申报 and 审核: a village (or township) applies, the township reviews. */
@Injectable()
export class ApplyProjectService {
  constructor(
    private readonly projects: ProjectJournal,
    private readonly reader: ProjectReadService,
    private readonly regions: RegionsService,
  ) {}

  async apply(actor: Actor, dto: CreateProjectDto, idempotencyKey?: string): Promise<ProjectDto> {
    assertInScope(actor, dto.regionCode);
    await this.regions.get(dto.regionCode);
    if (!PROJECT_LEVELS.has(levelOfCode(dto.regionCode))) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `Projects are carried out in villages and townships, ` +
          `not in ${levelOfCode(dto.regionCode)} ${dto.regionCode} / 项目实施地点须为乡镇或行政村`,
      );
    }
    const budget = yuanToFen(dto.budget);
    const selfFunded = yuanToFen(dto.selfFunded ?? '0');
    if (selfFunded > budget) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `selfFunded ${dto.selfFunded} is more than the budget ${dto.budget} / 自筹资金超过项目预算`,
      );
    }
    if (dto.plannedStart && dto.plannedEnd && dto.plannedEnd < dto.plannedStart) {
      throw new DomainError(
        'DATE_ORDER',
        `plannedEnd ${dto.plannedEnd} is before plannedStart ${dto.plannedStart} / 计划完工日期早于计划开工日期`,
      );
    }
    const indicators = indicatorsOf(dto.performanceIndicators);
    // Ids as the database writes them, so the audit's comparisons and the journal agree on one spelling.
    const named = [...new Set((dto.beneficiaryHouseholdIds ?? []).map((h) => h.toLowerCase()))];
    const id = randomUUID();
    const payload: ProjectAppliedPayload = {
      projectId: id,
      name: dto.name,
      regionCode: dto.regionCode,
      category: dto.category,
      content: dto.content,
      budget: budget.toString(),
      selfFunded: selfFunded.toString(),
      performanceGoal: dto.performanceGoal.trim(),
      povertyLinkage: dto.povertyLinkage,
      beneficiaries: { households: dto.beneficiaries.households, persons: dto.beneficiaries.persons },
      implementingUnit: dto.implementingUnit,
      responsiblePerson: dto.responsiblePerson,
      ...(dto.plannedStart ? { plannedStart: dto.plannedStart } : {}),
      ...(dto.plannedEnd ? { plannedEnd: dto.plannedEnd } : {}),
      ...(indicators ? { performanceIndicators: indicators } : {}),
      ...(named.length ? { beneficiaryHouseholdIds: named } : {}),
    };
    const draft = {
      type: 'project.applied',
      occurredOn: dto.appliedOn,
      actor: actor.userId,
      subjects: [`project:${id}`],
      payload,
    };
    // Named households are checked under the book lock (an exit recorded meanwhile is seen); without any, the
    // plain draft keeps the application on the journal's fast route.
    const entry = await this.projects.append(
      bookOfRegion(dto.regionCode),
      named.length
        ? async ({ em }) => {
            await assertBeneficiariesListed(em, named, dto.regionCode, dto.appliedOn);
            return draft;
          }
        : draft,
      idempotencyKey,
    );
    return this.reader.view(entry.replayed ? entry.document.payload.projectId : id);
  }

  review(actor: Actor, id: string, dto: ReviewProjectDto, idempotencyKey?: string): Promise<ProjectDto> {
    const payload: Omit<ProjectReviewedPayload, 'projectId'> = { decision: dto.decision, opinion: dto.opinion };
    return this.projects.step(
      actor,
      id,
      {
        type: 'project.reviewed',
        on: dto.reviewedOn,
        from: STEP_FROM.review,
        action: 'review the project',
        // 先公示、后实施: an approving review waits for the application notice; a rejection stops the project anyway.
        build: async (_project, { em }) => {
          if (dto.decision === 'approve')
            await assertNoticeGate(em, id, 'application', dto.reviewedOn, 'approve the application');
          return { payload };
        },
      },
      idempotencyKey,
    );
  }
}
