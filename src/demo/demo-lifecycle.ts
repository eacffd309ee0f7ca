import type { Actor } from '../auth/role';
import { fenToYuan, yuanToFen } from '../common/money';
import { CreateDisbursementDto } from '../projects/dto/disbursement.dto';
import {
  AcceptProjectDto,
  ApproveProjectDto,
  CancelProjectDto,
  CompleteProjectDto,
  CreateProjectDto,
  ReviewProjectDto,
  StartProjectDto,
} from '../projects/dto/project.dto';
import { ApplyProjectService } from '../projects/apply-project.service';
import { ApproveProjectService } from '../projects/approve-project.service';
import { PostDisbursementService } from '../projects/post-disbursement.service';
import { ProjectLifecycleService } from '../projects/project-lifecycle.service';
import { addDays, PublishNoticeDto } from '../notices/dto/notice.dto';
import { NoticesService } from '../notices/notices.service';
import type { DemoClient } from './demo-client';
import { COUNTY, type DemoFundKey } from './demo-funds';
import type { DemoHousehold } from './demo-households';
import { DemoRandom, demoAccountNo } from './demo-random';
import { type DemoStep, type ProjectPlan, STEP_ORDER } from './demo-project-plans';
import { DEMO_REGIONS } from './demo-regions';

export interface DemoProject {
  plan: ProjectPlan;
  /** Set by the `apply` step. */
  id?: string;
  /** Paid so far, in fen: a subsidy's final cost is what was paid. */
  paid: bigint;
}

type Event = { on: string; order: number; run: () => Promise<unknown> };

const townshipOf = (code: string) => code.slice(0, 9).padEnd(12, '0');
const isTownship = (code: string) => code.slice(9) === '000';
const regionName = (code: string) => DEMO_REGIONS.find((r) => r.code === code)!.name.replace(' ', '');
/** The county's supervision line printed on every notice beside the national 12317. */
const HOTLINE = '0395-3396317';

/**
 * Walks the demo projects through their lifecycle in date order. `advance` publishes the notices (三公示) the day
 * after the step they follow, for the minimum period, since they gate the next step; so the latest are still current.
 */
export class DemoLifecycle {
  private voucher = 100;

  constructor(
    private readonly client: DemoClient,
    private readonly funds: Record<DemoFundKey, string>,
    private readonly households: DemoHousehold[],
  ) {}

  async run(plan: ProjectPlan): Promise<DemoProject> {
    const project: DemoProject = { plan, paid: 0n };
    const events: Event[] = plan.dates.map((on, i) => ({
      on,
      order: 0,
      run: () => this.advance(project, STEP_ORDER[i], on),
    }));
    if (plan.end)
      events.push({ on: plan.end.on, order: 0, run: () => this.advance(project, plan.end!.step, plan.end!.on) });
    const rnd = new DemoRandom(Number(plan.code.slice(1)) * 7919);
    const accountNo = demoAccountNo(rnd);
    (plan.payments ?? []).forEach((p, i) => {
      events.push({
        on: p.on,
        order: 1,
        run: () =>
          this.pay(project, `pay:${i + 1}`, {
            kind: p.kind,
            amount: p.amount,
            paidOn: p.on,
            payee: { name: plan.contract!.contractor, type: 'contractor', accountNo },
          }),
      });
    });
    (plan.households ?? []).forEach((round, r) => {
      this.payees(plan, round.count, round.working).forEach((h, i) => {
        const payee = { name: h.headName, type: 'household', householdId: h.id };
        events.push({
          on: round.on,
          order: 1,
          run: () =>
            this.pay(project, `household:${r + 1}:${i + 1}`, {
              kind: 'household',
              amount: round.amount,
              paidOn: round.on,
              payee,
            }),
        });
      });
    });
    // Same day: the step first (works start, then the advance is paid). The sort is stable.
    events.sort((a, b) => (a.on === b.on ? a.order - b.order : a.on < b.on ? -1 : 1));
    for (const e of events) await e.run();
    return project;
  }

  /** One lifecycle step of one project on its effective date, by the office that takes it. */
  async advance(project: DemoProject, step: DemoStep, on: string): Promise<void> {
    const { plan } = project;
    const key = `project:${plan.code}:${step}`;
    const c = this.client;
    const app = c.app;
    const program = c.as('program', COUNTY);
    const id = project.id ?? '';
    switch (step) {
      case 'apply': {
        const {
          code: _code,
          dates: _d,
          end: _e,
          funding: _f,
          contract: _c,
          finalCost: _fc,
          payments: _p,
          households: _h,
          ...fields
        } = plan;
        const body = { ...fields, appliedOn: on };
        const created = await c.write(CreateProjectDto, body, key, (b, k) =>
          app.get(ApplyProjectService).apply(this.local(plan.regionCode), b, k),
        );
        project.id = created.id;
        await this.notice(project, 'application', on);
        return;
      }
      case 'review':
      case 'reject': {
        const body = {
          decision: step === 'review' ? 'approve' : 'reject',
          opinion: step === 'review' ? '经乡镇审核,项目符合衔接资金支持范围,申报程序规范,同意上报' : plan.end!.why,
          reviewedOn: on,
        };
        await c.write(ReviewProjectDto, body, key, (b, k) =>
          app.get(ApplyProjectService).review(c.as('township', townshipOf(plan.regionCode)), id, b, k),
        );
        return;
      }
      case 'approve': {
        const funding = (plan.funding ?? []).map(([fund, amount]) => ({ fundId: this.funds[fund], amount }));
        const body = {
          approvalDocNo: `郾乡振〔${on.slice(0, 4)}〕${Number(plan.code.slice(1)) + 20}号`,
          approvedOn: on,
          funding,
        };
        await c.write(ApproveProjectDto, body, key, (b, k) =>
          app.get(ApproveProjectService).approve(program, id, b, k),
        );
        await this.notice(project, 'approval', on);
        return;
      }
      case 'start': {
        const contract = plan.contract
          ? {
              contractor: plan.contract.contractor,
              contractAmount: plan.contract.amount,
              procurement: plan.contract.procurement,
            }
          : {};
        await c.write(StartProjectDto, { startedOn: on, ...contract }, key, (b, k) =>
          app.get(ProjectLifecycleService).start(program, id, b, k),
        );
        return;
      }
      case 'complete':
        await c.write(CompleteProjectDto, { completedOn: on }, key, (b, k) =>
          app.get(ProjectLifecycleService).complete(this.local(plan.regionCode), id, b, k),
        );
        return;
      case 'accept':
      case 'fail': {
        const passed = step === 'accept';
        const finalCost = !passed ? '0.00' : plan.finalCost === 'paid' ? fenToYuan(project.paid) : plan.finalCost!;
        const opinion = passed
          ? '经县乡村振兴局组织行业部门、乡镇和村民代表联合验收,工程质量合格,资料齐全,同意验收'
          : plan.end!.why;
        const body = { acceptedOn: on, result: passed ? 'passed' : 'failed', finalCost, opinion };
        await c.write(AcceptProjectDto, body, key, (b, k) =>
          app.get(ProjectLifecycleService).accept(program, id, b, k),
        );
        if (passed) await this.notice(project, 'completion', on);
        return;
      }
      case 'cancel':
        await c.write(CancelProjectDto, { cancelledOn: on, reason: plan.end!.why }, key, (b, k) =>
          app.get(ProjectLifecycleService).cancel(program, id, b, k),
        );
        return;
    }
  }

  /** A notice of the project's stage, on the board from the day after `after` for the minimum period. */
  private async notice(
    project: DemoProject,
    type: 'application' | 'approval' | 'completion',
    after: string,
  ): Promise<void> {
    const { plan } = project;
    const days = { application: 7, approval: 10, completion: 5 }[type];
    const local = isTownship(plan.regionCode)
      ? `${regionName(plan.regionCode)}人民政府`
      : `${regionName(plan.regionCode)}村民委员会`;
    const issuer = type === 'approval' ? '郾城区乡村振兴局' : local;
    const actor = type === 'approval' ? this.client.as('program', COUNTY) : this.local(plan.regionCode);
    const periodStart = addDays(after, 1);
    const body = {
      type,
      projectId: project.id,
      periodStart,
      periodEnd: addDays(periodStart, days),
      hotline: { local: HOTLINE },
      issuer,
    };
    await this.client.write(PublishNoticeDto, body, `project:${plan.code}:notice:${type}`, (b, k) =>
      this.client.app.get(NoticesService).publish(actor, b, k),
    );
  }

  /** One payment (拨付) by the county finance bureau. */
  async pay(project: DemoProject, what: string, body: Record<string, unknown>): Promise<void> {
    const voucherNo = `郾财拨〔${String(body.paidOn).slice(0, 4)}〕${String(++this.voucher).padStart(4, '0')}号`;
    const finance = this.client.as('finance', COUNTY);
    await this.client.write(
      CreateDisbursementDto,
      { ...body, voucherNo },
      `project:${project.plan.code}:${what}`,
      (b, k) => this.client.app.get(PostDisbursementService).post(finance, project.id!, b, k),
    );
    project.paid += yuanToFen(String(body.amount));
  }

  /** The village committee of a village project, the township government of a township one. */
  private local(regionCode: string): Actor {
    return isTownship(regionCode) ? this.client.as('township', regionCode) : this.client.as('village', regionCode);
  }

  /** Households on the list in the project's region that a round pays: the first `count`. */
  private payees(plan: ProjectPlan, count: number, working = false): DemoHousehold[] {
    const prefix = isTownship(plan.regionCode) ? plan.regionCode.slice(0, 9) : plan.regionCode;
    return this.households
      .filter((h) => h.regionCode.startsWith(prefix) && h.until === null && (!working || h.laborCapacity !== 'none'))
      .slice(0, count);
  }
}
