import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { Actor } from '../auth/role';
import { assertNotBefore } from '../common/business-date';
import { DomainError } from '../common/errors/domain-error';
import { fenToYuan, yuanToFen } from '../common/money';
import { levelOfCode } from '../common/region-code';
import { appConfig, type AppConfig } from '../config/app.config';
import { Fund } from '../funds/fund.entity';
import type { PostingDraft } from '../journal/append/entry-draft';
import { ApproveProjectDto } from './dto/project.dto';
import { ProjectDto } from './dto/project-view.dto';
import { ProjectJournal } from './project-journal.service';
import { percentOf, STEP_FROM } from './project-rules';
import type { ProjectApprovedPayload } from './projects.projection';

/** 审批/批复: commits money from the county's funds, one pool → project posting pair per funding line. */
@Injectable()
export class ApproveProjectService {
  constructor(
    private readonly projects: ProjectJournal,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  approve(actor: Actor, id: string, dto: ApproveProjectDto, idempotencyKey?: string): Promise<ProjectDto> {
    if (levelOfCode(actor.regionCode) !== 'county') {
      throw new DomainError('FORBIDDEN', 'Projects are approved by the county program office / 项目由县级主管部门审批');
    }
    const lines = dto.funding.map((l) => ({ fundId: l.fundId, amount: yuanToFen(l.amount) }));
    const fundIds = lines.map((l) => l.fundId);
    if (new Set(fundIds).size !== fundIds.length) {
      throw new DomainError('VALIDATION_FAILED', 'Each fund may appear once in funding / 同一资金只能列一次');
    }
    const total = lines.reduce((a, l) => a + l.amount, 0n);

    return this.projects.step(
      actor,
      id,
      {
        type: 'project.approved',
        on: dto.approvedOn,
        from: STEP_FROM.approve,
        action: 'approve the project',
        build: async (project, { em }) => {
          const fiscal = project.budget - project.selfFunded;
          if (total > fiscal) {
            throw new DomainError(
              'OVER_COMMITMENT',
              `Committing ${fenToYuan(total)} yuan is more than the project's fiscal budget ` +
                `${fenToYuan(fiscal)} (budget minus self-funded) / 超出项目财政资金预算`,
              {
                committing: fenToYuan(total),
                fiscalBudget: fenToYuan(fiscal),
              },
            );
          }
          const funds = new Map((await em.getRepository(Fund).findBy({ id: In(fundIds) })).map((f) => [f.id, f]));
          for (const { fundId } of lines) {
            const fund = funds.get(fundId);
            if (!fund || fund.book !== project.book) {
              throw new DomainError(
                'UNKNOWN_FUND',
                `Fund ${fundId} is not in the books of county ${project.book} / 本县账套无此资金`,
                { fundId, book: project.book },
              );
            }
            assertNotBefore(dto.approvedOn, fund.issuedOn, `the fund document ${fund.docNo}`, 'approvedOn');
          }
          const postings: PostingDraft[] = lines.flatMap((l) => [
            { account: `pool:${project.book}`, fund: l.fundId, amount: -l.amount },
            { account: `project:${id}`, fund: l.fundId, amount: l.amount },
          ]);
          const payload: Omit<ProjectApprovedPayload, 'projectId'> = {
            approvalDocNo: dto.approvalDocNo,
            funding: lines.map((l) => ({ fundId: l.fundId, amount: l.amount.toString() })),
            advanceLimit: percentOf(total, this.config.advanceLimitPercent).toString(),
          };
          return { payload, postings, subjects: fundIds.map((f) => `fund:${f}`) };
        },
      },
      idempotencyKey,
    );
  }
}
