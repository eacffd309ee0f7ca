import { fenToYuan } from '../common/money';
import { RegisterAssetService } from '../assets/register-asset.service';
import { AssetMoneyService } from '../assets/asset-money.service';
import { DistributeIncomeDto, RecordIncomeDto, RegisterAssetDto, TransferAssetDto } from '../assets/dto/asset.dto';
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
import { ProjectLifecycleService } from '../projects/project-lifecycle.service';
import type { CountyRunner } from './county-runner';
import { townshipOf } from './province-regions';
import type { ProjectIds, ProjectSpec } from './project-spec';

const half = (on: string) => `${on.slice(0, 4)}-H${+on.slice(5, 7) <= 6 ? 1 : 2}`;

/** Queues a project's steps, notices, payments and asset on its county; answers the ids as they are written. */
export function scheduleProject(r: CountyRunner, p: ProjectSpec): ProjectIds {
  const ids: ProjectIds = { disbursementIds: [], distributionIds: [] };
  const app = r.client.app;
  const key = `project:${p.code}`;
  const id = () => ids.projectId!;
  let paid = 0n;
  const noticed = (t: 'application' | 'approval' | 'completion') => !p.skipNotices?.includes(t);
  r.at(p.applyOn, async () => {
    const body = {
      name: p.name,
      regionCode: p.regionCode,
      category: p.category,
      content: `${p.name}:按批复内容组织实施,资金专款专用`,
      budget: fenToYuan(p.budget),
      performanceGoal: p.performanceGoal,
      povertyLinkage: '优先吸纳脱贫户和监测户务工,收益按比例分配给脱贫户',
      beneficiaries: p.beneficiaries,
      ...(p.performanceIndicators ? { performanceIndicators: p.performanceIndicators } : {}),
      ...(p.beneficiaryHouseholds
        ? { beneficiaryHouseholdIds: p.beneficiaryHouseholds.map((i) => r.householdIds[i]) }
        : {}),
      implementingUnit: `${p.regionCode} 村民委员会`,
      responsiblePerson: '项目负责人',
      plannedStart: p.applyOn,
      plannedEnd: p.applyOn.slice(0, 4) + '-12-31',
      appliedOn: p.applyOn,
    };
    const actor = await r.local(p.regionCode);
    const created = await r.write(CreateProjectDto, body, `${key}:apply`, (b, k) =>
      app.get(ApplyProjectService).apply(actor, b, k),
    );
    ids.projectId = created.id;
    if (noticed('application')) await r.notice(id(), p.regionCode, 'application', p.applyOn, key);
  });
  const review = (on: string, decision: 'approve' | 'reject') =>
    r.at(on, () =>
      r.write(
        ReviewProjectDto,
        {
          decision,
          opinion: decision === 'approve' ? '符合支持范围,同意上报' : '不符合衔接资金支持范围',
          reviewedOn: on,
        },
        `${key}:review`,
        (b, k) => app.get(ApplyProjectService).review(r.client.as('township', townshipOf(p.regionCode)), id(), b, k),
      ),
    );
  if (p.end?.step === 'reject') review(p.end.on, 'reject');
  if (p.reviewOn) review(p.reviewOn, 'approve');
  if (p.approveOn) {
    const on = p.approveOn;
    r.at(on, async () => {
      const body = {
        approvalDocNo: `${r.county.name}乡振〔${on.slice(0, 4)}〕${p.code}号`,
        approvedOn: on,
        funding: [{ fundId: r.fundIds.get(p.fundKey), amount: fenToYuan(p.budget) }],
      };
      await r.write(ApproveProjectDto, body, `${key}:approve`, (b, k) =>
        app.get(ApproveProjectService).approve(r.program, id(), b, k),
      );
      if (noticed('approval')) await r.notice(id(), p.regionCode, 'approval', on, key);
    });
  }
  if (p.startOn) {
    const on = p.startOn;
    const contract = p.contractor
      ? {
          contractor: p.contractor.name,
          contractAmount: fenToYuan(p.contractAmount ?? p.budget),
          procurement: '公开招标',
        }
      : {};
    r.at(on, () =>
      r.write(StartProjectDto, { startedOn: on, ...contract }, `${key}:start`, (b, k) =>
        app.get(ProjectLifecycleService).start(r.program, id(), b, k),
      ),
    );
  }
  p.payments.forEach((pay, i) => {
    r.at(pay.on, async () => {
      const body = { kind: pay.kind, amount: pay.amount, paidOn: pay.on, payee: r.payee(pay.payee, p.contractor) };
      const d = await r.pay(id(), `${key}:pay:${i}`, body);
      ids.disbursementIds.push(d.id);
      paid += pay.amount;
      if (pay.reverseOn) {
        const seq = d.entrySeq;
        r.at(pay.reverseOn, async () => {
          await r.reverse(seq, pay.reverseOn!, `${key}:pay:${i}:reverse`);
          paid -= pay.amount;
        });
      }
    });
  });
  if (p.completeOn) {
    const on = p.completeOn;
    r.at(on, async () => {
      const actor = await r.local(p.regionCode);
      await r.write(CompleteProjectDto, { completedOn: on }, `${key}:complete`, (b, k) =>
        app.get(ProjectLifecycleService).complete(actor, id(), b, k),
      );
    });
  }
  const accept = (on: string, passed: boolean) =>
    r.at(on, async () => {
      const finalCost = !passed ? 0n : p.finalCost === 'paid' ? paid : (p.finalCost ?? p.budget);
      const body = {
        acceptedOn: on,
        result: passed ? 'passed' : 'failed',
        finalCost: fenToYuan(finalCost),
        opinion: passed ? '经联合验收,工程质量合格,同意验收' : '验收不合格,责令整改',
        ...(passed && p.results !== 'none' ? { results: p.results ?? goalReached(p) } : {}),
      };
      await r.write(AcceptProjectDto, body, `${key}:accept`, (b, k) =>
        app.get(ProjectLifecycleService).accept(r.program, id(), b, k),
      );
      if (passed && noticed('completion')) await r.notice(id(), p.regionCode, 'completion', on, key);
    });
  if (p.end?.step === 'fail') accept(p.end.on, false);
  if (p.acceptOn) accept(p.acceptOn, true);
  if (p.end?.step === 'cancel') {
    const on = p.end.on;
    r.at(on, () =>
      r.write(
        CancelProjectDto,
        { cancelledOn: on, reason: '村民代表大会决议变更建设内容,项目终止' },
        `${key}:cancel`,
        (b, k) => app.get(ProjectLifecycleService).cancel(r.program, id(), b, k),
      ),
    );
  }
  if (p.asset) scheduleAsset(r, p, ids, () => paid);
  return ids;
}

function scheduleAsset(r: CountyRunner, p: ProjectSpec, ids: ProjectIds, paid: () => bigint): void {
  const a = p.asset!;
  const app = r.client.app;
  const key = `project:${p.code}:asset`;
  const owner =
    a.owner.type === 'household'
      ? () => ({ type: 'household', householdId: r.householdIds[a.owner.household!] })
      : () => ({ type: a.owner.type, ...(a.owner.name ? { name: a.owner.name } : {}) });
  r.at(a.on, async () => {
    const body = {
      name: `${p.name}形成资产`,
      assetClass: a.assetClass,
      owner: owner(),
      value: fenToYuan(a.value ?? paid()),
      registeredOn: a.on,
      location: p.regionCode,
      custodian: `${p.regionCode} 股份经济合作社`,
      responsiblePerson: '管护责任人',
      ...(a.assetClass === 'operating' ? { operator: `${r.county.name}农业开发专业合作社` } : {}),
    };
    const asset = await r.write(RegisterAssetDto, body, key, (b, k) =>
      app.get(RegisterAssetService).register(r.program, id(ids), b, k),
    );
    ids.assetId = asset.id;
  });
  if (a.transferOn) {
    const on = a.transferOn;
    r.at(on, () =>
      r.write(
        TransferAssetDto,
        {
          to: { type: 'village_collective', name: `${p.regionCode} 股份经济合作社` },
          transferredOn: on,
          docNo: `${r.county.name}资移〔${on.slice(0, 4)}〕${p.code}号`,
        },
        `${key}:transfer`,
        (b, k) => app.get(RegisterAssetService).transfer(r.program, ids.assetId!, b, k),
      ),
    );
  }
  a.incomes.forEach((inc, i) =>
    r.at(inc.on, async () =>
      r.write(
        RecordIncomeDto,
        { amount: fenToYuan(inc.amount), receivedOn: inc.on, period: half(inc.on), source: '经营主体上缴租金及分红' },
        `${key}:income:${i}`,
        (b, k) => app.get(AssetMoneyService).income(r.program, ids.assetId!, b, k),
      ),
    ),
  );
  a.distributions.forEach((d, i) =>
    r.at(d.on, async () => {
      const items = d.items.map((it) => ({
        ...(it.household !== undefined ? { householdId: r.householdIds[it.household] } : { purpose: it.purpose }),
        amount: fenToYuan(it.amount),
      }));
      const done = await r.write(
        DistributeIncomeDto,
        { distributedOn: d.on, items },
        `${key}:distribution:${i}`,
        (b, k) => app.get(AssetMoneyService).distribute(r.program, ids.assetId!, b, k),
      );
      ids.distributionIds.push(done.distributionId);
    }),
  );
}

const id = (ids: ProjectIds) => ids.projectId!;

/** The results of a project that did what it said: every measure exactly at its target. */
function goalReached(p: ProjectSpec) {
  return {
    ...p.beneficiaries,
    ...(p.performanceIndicators
      ? { indicators: p.performanceIndicators.map((x) => ({ name: x.name, actual: x.target })) }
      : {}),
  };
}
