import type { EntityManager } from 'typeorm';
import type { EntryDocument } from '../journal/chain/entry-document';
import type { JournalRecord, Projection } from '../journal/projections';
import { REVERSAL_TYPE } from '../journal/reversal';
import { Disbursement, DisbursementKind, FundShare, PayeeType } from './disbursement.entity';
import { Project, ProjectStatus } from './project.entity';

/*
 * What project and disbursement entries carry in their payload: everything the tables below
 * need, amounts as fen strings, no personal data (the payee's account number is never here).
 */
export interface ProjectAppliedPayload {
  projectId: string;
  name: string;
  regionCode: string;
  category: string;
  content: string;
  budget: string;
  selfFunded: string;
  performanceGoal: string;
  povertyLinkage: string;
  beneficiaries: { households: number; persons: number };
  implementingUnit: string;
  responsiblePerson: string;
  plannedStart?: string;
  plannedEnd?: string;
}
export interface ProjectReviewedPayload {
  projectId: string;
  decision: 'approve' | 'reject';
  opinion: string;
}
export interface ProjectApprovedPayload {
  projectId: string;
  approvalDocNo: string;
  funding: FundShare[];
  /** Advances may total at most this (ADVANCE_LIMIT_PERCENT of the committed total, fixed here). */
  advanceLimit: string;
}
export interface ProjectStartedPayload {
  projectId: string;
  contractor?: string;
  contractAmount?: string;
  procurement?: string;
}
export interface ProjectAcceptedPayload {
  projectId: string;
  result: 'passed' | 'failed';
  finalCost: string;
  opinion: string;
  retention: string;
  retentionDueOn?: string;
  /** Everything was already paid: the acceptance settles the project. */
  settles: boolean;
}
export interface ProjectCancelledPayload {
  projectId: string;
  reason: string;
}
export interface DisbursementPaidPayload {
  disbursementId: string;
  projectId: string;
  kind: DisbursementKind;
  amount: string;
  /** `name` for organisations; a household payee carries only its id. */
  payee: { name?: string; type: PayeeType; key: string; householdId?: string };
  voucherNo: string;
  funding: FundShare[];
  /** The paid total reached the final cost: the project is settled and the rest released. */
  settles: boolean;
}

export const PROJECT_ENTRY_TYPES = ['project.applied', 'project.reviewed', 'project.approved', 'project.started', 'project.completed', 'project.accepted', 'project.cancelled'];
export const DISBURSEMENT_PAID = 'disbursement.paid';

const projectIdOf = (doc: EntryDocument): string | undefined =>
  doc.subjects.find((s) => s.startsWith('project:'))?.slice('project:'.length);

/**
 * Moves the per-fund totals from the entry's postings: pool → project is a commitment, project →
 * pool a release, project → payee a payment. A reversal undoes what its original did.
 */
async function applyAmounts(em: EntityManager, projectId: string, doc: EntryDocument, reversal: boolean): Promise<void> {
  for (const p of doc.postings) {
    const a = BigInt(p.amount);
    let column: 'committed' | 'released' | 'disbursed';
    let delta: bigint;
    if (p.account.startsWith('payee:')) [column, delta] = ['disbursed', a];
    else if (p.account.startsWith('pool:') && !reversal) [column, delta] = a < 0n ? ['committed', -a] : ['released', a];
    else if (p.account.startsWith('pool:')) [column, delta] = a > 0n ? ['committed', -a] : ['released', a];
    else continue;
    await em.query(`UPDATE project_funding SET ${column} = ${column} + $3 WHERE project_id = $1 AND fund_id = $2`, [projectId, p.fund, delta.toString()]);
  }
}

const step = (status: ProjectStatus, on: string, more: Partial<Project> = {}): Partial<Project> => ({ status, lastStepOn: on, ...more });

async function applyProject(em: EntityManager, { book, seq, document: doc }: JournalRecord): Promise<void> {
  const projects = em.getRepository(Project);
  const on = doc.occurredOn;
  switch (doc.type) {
    case 'project.applied': {
      const p = doc.payload as unknown as ProjectAppliedPayload;
      await projects.insert({
        id: p.projectId,
        book,
        regionCode: p.regionCode,
        name: p.name,
        category: p.category,
        content: p.content,
        budget: BigInt(p.budget),
        selfFunded: BigInt(p.selfFunded),
        performanceGoal: p.performanceGoal,
        povertyLinkage: p.povertyLinkage,
        beneficiaryHouseholds: p.beneficiaries.households,
        beneficiaryPersons: p.beneficiaries.persons,
        implementingUnit: p.implementingUnit,
        responsiblePerson: p.responsiblePerson,
        plannedStart: p.plannedStart ?? null,
        plannedEnd: p.plannedEnd ?? null,
        status: 'applied',
        appliedOn: on,
        year: Number(on.slice(0, 4)),
        lastStepOn: on,
        entrySeq: seq,
      });
      return;
    }
    case 'project.reviewed': {
      const p = doc.payload as unknown as ProjectReviewedPayload;
      await projects.update(p.projectId, step(p.decision === 'approve' ? 'reviewed' : 'rejected', on, { reviewedOn: on, reviewOpinion: p.opinion }));
      return;
    }
    case 'project.approved': {
      const p = doc.payload as unknown as ProjectApprovedPayload;
      await projects.update(p.projectId, step('approved', on, { approvedOn: on, approvalDocNo: p.approvalDocNo, advanceLimit: BigInt(p.advanceLimit) }));
      for (const [position, line] of p.funding.entries()) {
        await em.query(`INSERT INTO project_funding (project_id, fund_id, committed_seq, position) VALUES ($1, $2, $3, $4)`, [p.projectId, line.fundId, seq, position]);
      }
      await applyAmounts(em, p.projectId, doc, false);
      return;
    }
    case 'project.started': {
      const p = doc.payload as unknown as ProjectStartedPayload;
      const contractAmount = p.contractAmount === undefined ? null : BigInt(p.contractAmount);
      await projects.update(p.projectId, step('in_progress', on, { startedOn: on, contractor: p.contractor ?? null, contractAmount, procurement: p.procurement ?? null }));
      return;
    }
    case 'project.completed':
      await projects.update(projectIdOf(doc)!, step('completed', on, { completedOn: on }));
      return;
    case 'project.accepted': {
      const p = doc.payload as unknown as ProjectAcceptedPayload;
      const status: ProjectStatus = p.result === 'failed' ? 'failed' : p.settles ? 'settled' : 'accepted';
      await projects.update(
        p.projectId,
        step(status, on, {
          acceptedOn: on,
          acceptanceResult: p.result,
          finalCost: BigInt(p.finalCost),
          acceptanceOpinion: p.opinion,
          retention: BigInt(p.retention),
          retentionDueOn: p.retentionDueOn ?? null,
          settledOn: p.settles ? on : null,
        }),
      );
      await applyAmounts(em, p.projectId, doc, false);
      return;
    }
    case 'project.cancelled': {
      const p = doc.payload as unknown as ProjectCancelledPayload;
      await projects.update(p.projectId, step('cancelled', on, { cancelledOn: on, cancelReason: p.reason }));
      await applyAmounts(em, p.projectId, doc, false);
      return;
    }
  }
}

async function applyDisbursement(em: EntityManager, { book, seq, document: doc }: JournalRecord): Promise<void> {
  const p = doc.payload as unknown as DisbursementPaidPayload;
  const amount = BigInt(p.amount);
  await em.getRepository(Disbursement).insert({
    id: p.disbursementId,
    projectId: p.projectId,
    book,
    kind: p.kind,
    amount,
    paidOn: doc.occurredOn,
    payeeName: p.payee.name ?? null,
    payeeType: p.payee.type,
    payeeKey: p.payee.key,
    householdId: p.payee.householdId ?? null,
    voucherNo: p.voucherNo,
    funding: p.funding,
    settles: p.settles,
    entrySeq: seq,
    reversedSeq: null,
  });
  if (p.kind === 'advance') await em.query(`UPDATE project SET advance_paid = advance_paid + $2 WHERE id = $1`, [p.projectId, amount.toString()]);
  if (p.settles) await em.getRepository(Project).update(p.projectId, { status: 'settled', settledOn: doc.occurredOn });
  await applyAmounts(em, p.projectId, doc, false);
}

/**
 * A correction entry about a project: the money is undone from the postings; a reversed payment is
 * marked, and a project it had settled is open (accepted) again. Lifecycle steps are not undone
 * by a reversal — a wrong project is cancelled instead.
 */
async function applyReversal(em: EntityManager, { book, seq, document: doc }: JournalRecord): Promise<void> {
  const projectId = projectIdOf(doc);
  if (!projectId || doc.reverses === undefined) return;
  await applyAmounts(em, projectId, doc, true);
  const payment = await em.getRepository(Disbursement).findOneBy({ book, entrySeq: doc.reverses });
  if (!payment) return;
  await em.getRepository(Disbursement).update(payment.id, { reversedSeq: seq });
  if (payment.kind === 'advance') await em.query(`UPDATE project SET advance_paid = advance_paid - $2 WHERE id = $1`, [projectId, payment.amount.toString()]);
  if (payment.settles) await em.getRepository(Project).update(projectId, { status: 'accepted', settledOn: null });
}

/** The project tables as a projection of the journal: rebuilt by the replay check. */
export const projectsProjection: Projection = {
  name: 'projects',
  tables: ['project', 'project_funding', 'disbursement'],
  types: [...PROJECT_ENTRY_TYPES, DISBURSEMENT_PAID, REVERSAL_TYPE],
  async apply(em, record) {
    if (record.document.type === DISBURSEMENT_PAID) return applyDisbursement(em, record);
    if (record.document.type === REVERSAL_TYPE) return applyReversal(em, record);
    return applyProject(em, record);
  },
};
