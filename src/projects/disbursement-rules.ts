import { assertNotBefore } from '../common/business-date';
import { DomainError } from '../common/errors/domain-error';
import { fenToYuan } from '../common/money';
import type { DisbursementKind } from './disbursement.entity';
import type { PayableProject } from './disbursement-state';
import type { ProjectFunding, ProjectStatus } from './project.entity';
import { assertStatus, remainingOf } from './project-rules';

export interface FundAmount {
  fundId: string;
  amount: bigint;
}

export interface PaymentRequest {
  kind: DisbursementKind;
  amount: bigint;
  paidOn: string;
  fundId?: string;
}

export interface PaymentPlan {
  /** Which funds pay how much (project → payee). */
  shares: FundAmount[];
  /** The paid total reaches the final cost: the project is settled by this payment. */
  settles: boolean;
  /** On settlement: what is still committed beyond the final cost, back to the pool (project → pool). */
  releases: FundAmount[];
}

/** 先启动、再拨付,先验收、再报账: the states in which each kind of payment may be made. */
export const PAYABLE_IN: Record<DisbursementKind, ProjectStatus[]> = {
  advance: ['in_progress'],
  progress: ['in_progress', 'completed'],
  household: ['in_progress', 'completed', 'accepted'],
  final: ['accepted'],
  retention_release: ['accepted'],
};

const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
const yuan = fenToYuan;

/** Which fund pays. */
export function chooseFunds(lines: ProjectFunding[], amount: bigint, fundId?: string): FundAmount[] {
  if (fundId !== undefined) {
    const line = lines.find((l) => l.fundId === fundId);
    if (!line)
      throw new DomainError('UNKNOWN_FUND', `Fund ${fundId} does not fund this project / 该资金未安排给本项目`, {
        fundId,
      });
    const remaining = remainingOf(line);
    if (remaining < amount) {
      throw new DomainError(
        'OVER_COMMITMENT',
        `Fund ${fundId} has ${yuan(remaining)} yuan left for this project, ${yuan(amount)} asked / 超出该资金安排额度`,
        {
          fundId,
          remaining: yuan(remaining),
          requested: yuan(amount),
        },
      );
    }
    return [{ fundId, amount }];
  }
  const total = sum(lines.map(remainingOf));
  if (total < amount) {
    throw new DomainError(
      'OVER_COMMITMENT',
      `The project has ${yuan(total)} yuan of committed money left, ${yuan(amount)} asked / 超出项目批复资金`,
      {
        remaining: yuan(total),
        requested: yuan(amount),
      },
    );
  }
  const shares: FundAmount[] = [];
  let left = amount;
  for (const line of lines) {
    const take = remainingOf(line) < left ? remainingOf(line) : left;
    if (take > 0n) shares.push({ fundId: line.fundId, amount: take });
    left -= take;
    if (left === 0n) break;
  }
  return shares;
}

/** What is left on each line after the shares are paid: released to the pool on settlement. */
export function releasesAfter(lines: ProjectFunding[], shares: FundAmount[] = []): FundAmount[] {
  return lines
    .map((l) => ({
      fundId: l.fundId,
      amount: remainingOf(l) - sum(shares.filter((s) => s.fundId === l.fundId).map((s) => s.amount)),
    }))
    .filter((r) => r.amount > 0n);
}

/** Every rule of a payment against the project under the book lock; throws the coded error of the first one broken. */
export function planPayment(project: PayableProject, lines: ProjectFunding[], req: PaymentRequest): PaymentPlan {
  assertStatus(project, PAYABLE_IN[req.kind], `make a ${req.kind} payment`);
  assertNotBefore(req.paidOn, project.startedOn, 'the start of works', 'paidOn');
  const paid = sum(lines.map((l) => l.disbursed));
  const after = paid + req.amount;

  if (project.status === 'accepted') {
    const finalCost = project.finalCost!;
    const retention = project.retention!;
    assertNotBefore(req.paidOn, project.acceptedOn, 'the acceptance', 'paidOn');
    if (req.kind === 'retention_release' && req.paidOn < project.retentionDueOn!) {
      throw new DomainError(
        'RETENTION_NOT_DUE',
        `The retention is released from ${project.retentionDueOn} / 质保金未到期`,
        { dueOn: project.retentionDueOn },
      );
    }
    if (after > finalCost) {
      throw new DomainError(
        'OVER_COMMITMENT',
        `Paid total ${yuan(after)} would exceed the final cost ${yuan(finalCost)} / 超出决算金额`,
        {
          finalCost: yuan(finalCost),
          paid: yuan(paid),
          requested: yuan(req.amount),
        },
      );
    }
    if (req.kind !== 'retention_release' && after > finalCost - retention) {
      throw new DomainError(
        'RETENTION_NOT_DUE',
        `Paid total ${yuan(after)} would reach into the quality retention ${yuan(retention)}, ` +
          `paid by retention_release from ${project.retentionDueOn} / 不得支付质保金`,
        { finalCost: yuan(finalCost), retention: yuan(retention), paid: yuan(paid), dueOn: project.retentionDueOn },
      );
    }
  }

  if (req.kind === 'advance' && project.advancePaid + req.amount > project.advanceLimit!) {
    throw new DomainError(
      'ADVANCE_LIMIT_EXCEEDED',
      `Advances would total ${yuan(project.advancePaid + req.amount)}, ` +
        `the limit is ${yuan(project.advanceLimit!)} / 预付款超出限额`,
      {
        limit: yuan(project.advanceLimit!),
        advancesPaid: yuan(project.advancePaid),
        requested: yuan(req.amount),
      },
    );
  }

  const shares = chooseFunds(lines, req.amount, req.fundId);
  const settles = project.status === 'accepted' && after === project.finalCost;
  return { shares, settles, releases: settles ? releasesAfter(lines, shares) : [] };
}
