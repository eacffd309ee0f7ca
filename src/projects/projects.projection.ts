import type { EntityManager } from 'typeorm';
import type { EntryDocument } from '../journal/chain/entry-document';
import { insertRows, JournalRecord, paramsOf, payloadOf, Projection, SqlStatement } from '../journal/projections';
import { REVERSAL_TYPE } from '../journal/reversal';
import { Disbursement, DisbursementKind, disbursementRows, FundShare, PayeeType } from './disbursement.entity';
import { IndicatorResult, PerformanceIndicator, Project, ProjectStatus } from './project.entity';

/**
 * What project and disbursement entries carry in their payload: everything the tables below need, amounts as
 * fen strings, no personal data (the payee's account number is never here).
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
  /** Present only when stated, so entries without them keep their exact shape. */
  performanceIndicators?: PerformanceIndicator[];
  /** 利益联结: household ids only (names and ID numbers stay out of the journal). */
  beneficiaryHouseholdIds?: string[];
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
  /** 绩效结果, when the program office recorded them. */
  results?: { households: number; persons: number; indicators: IndicatorResult[] };
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

export const PROJECT_ENTRY_TYPES = [
  'project.applied',
  'project.reviewed',
  'project.approved',
  'project.started',
  'project.completed',
  'project.accepted',
  'project.cancelled',
];
export const DISBURSEMENT_PAID = 'disbursement.paid';

const projectIdOf = (doc: EntryDocument): string | undefined =>
  doc.subjects.find((s) => s.startsWith('project:'))?.slice('project:'.length);

export interface FundingDelta {
  committed: bigint;
  released: bigint;
  disbursed: bigint;
}

/**
 * What an entry's postings change in a project's funding lines, per fund: pool → project is a commitment,
 * project → pool a release, project → payee a payment.
 */
export function fundingDeltas(doc: EntryDocument, reversal: boolean): Map<string, FundingDelta> {
  const lines = new Map<string, FundingDelta>();
  for (const p of doc.postings) {
    const a = BigInt(p.amount);
    let column: 'committed' | 'released' | 'disbursed';
    let delta: bigint;
    if (p.account.startsWith('payee:')) [column, delta] = ['disbursed', a];
    else if (p.account.startsWith('pool:') && !reversal) [column, delta] = a < 0n ? ['committed', -a] : ['released', a];
    else if (p.account.startsWith('pool:')) [column, delta] = a > 0n ? ['committed', -a] : ['released', a];
    else continue;
    const line = lines.get(p.fund) ?? { committed: 0n, released: 0n, disbursed: 0n };
    line[column] += delta;
    lines.set(p.fund, line);
  }
  return lines;
}

/** The funding deltas as one statement (so it can ride in the entry's statement). */
function amountsStatement(projectId: string, doc: EntryDocument, reversal: boolean): SqlStatement | undefined {
  const lines = fundingDeltas(doc, reversal);
  if (!lines.size) return undefined;
  return {
    sql: `UPDATE project_funding pf
             SET committed = pf.committed + x.c, released = pf.released + x.r, disbursed = pf.disbursed + x.d
            FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::bigint[], $5::bigint[])
              AS x(project_id, fund_id, c, r, d)
           WHERE pf.project_id = x.project_id AND pf.fund_id = x.fund_id`,
    columns: ['uuid', 'uuid', 'int8', 'int8', 'int8'],
    rows: [...lines].map(([fund, l]) => [projectId, fund, l.committed, l.released, l.disbursed]),
  };
}

async function applyAmounts(
  em: EntityManager,
  projectId: string,
  doc: EntryDocument,
  reversal: boolean,
): Promise<void> {
  const statement = amountsStatement(projectId, doc, reversal);
  if (statement) await em.query(statement.sql, paramsOf(statement));
}

const step = (status: ProjectStatus, on: string, more: Partial<Project> = {}): Partial<Project> => ({
  status,
  lastStepOn: on,
  ...more,
});

async function applyProject(em: EntityManager, { book, seq, document: doc }: JournalRecord): Promise<void> {
  const projects = em.getRepository(Project);
  const on = doc.occurredOn;
  switch (doc.type) {
    case 'project.applied': {
      const p = payloadOf<ProjectAppliedPayload>(doc);
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
        performanceIndicators: p.performanceIndicators ?? null,
        beneficiaryHouseholdIds: p.beneficiaryHouseholdIds ?? null,
        status: 'applied',
        appliedOn: on,
        year: Number(on.slice(0, 4)),
        lastStepOn: on,
        entrySeq: seq,
      });
      return;
    }
    case 'project.reviewed': {
      const p = payloadOf<ProjectReviewedPayload>(doc);
      await projects.update(
        p.projectId,
        step(p.decision === 'approve' ? 'reviewed' : 'rejected', on, { reviewedOn: on, reviewOpinion: p.opinion }),
      );
      return;
    }
    case 'project.approved': {
      const p = payloadOf<ProjectApprovedPayload>(doc);
      await projects.update(
        p.projectId,
        step('approved', on, { approvedOn: on, approvalDocNo: p.approvalDocNo, advanceLimit: BigInt(p.advanceLimit) }),
      );
      for (const [position, line] of p.funding.entries()) {
        await em.query(
          `INSERT INTO project_funding (project_id, fund_id, committed_seq, position) VALUES ($1, $2, $3, $4)`,
          [p.projectId, line.fundId, seq, position],
        );
      }
      await applyAmounts(em, p.projectId, doc, false);
      return;
    }
    case 'project.started': {
      const p = payloadOf<ProjectStartedPayload>(doc);
      const contractAmount = p.contractAmount === undefined ? null : BigInt(p.contractAmount);
      await projects.update(
        p.projectId,
        step('in_progress', on, {
          startedOn: on,
          contractor: p.contractor ?? null,
          contractAmount,
          procurement: p.procurement ?? null,
        }),
      );
      return;
    }
    case 'project.completed':
      await projects.update(projectIdOf(doc)!, step('completed', on, { completedOn: on }));
      return;
    case 'project.accepted': {
      const p = payloadOf<ProjectAcceptedPayload>(doc);
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
          acceptanceSeq: seq,
          resultHouseholds: p.results?.households ?? null,
          resultPersons: p.results?.persons ?? null,
          resultIndicators: p.results?.indicators ?? null,
        }),
      );
      await applyAmounts(em, p.projectId, doc, false);
      return;
    }
    case 'project.cancelled': {
      const p = payloadOf<ProjectCancelledPayload>(doc);
      await projects.update(p.projectId, step('cancelled', on, { cancelledOn: on, cancelReason: p.reason }));
      await applyAmounts(em, p.projectId, doc, false);
      return;
    }
  }
}

/**
 * A payment's rows as independent statements: the journal sends them inside the batch's write on the hot path, and
 * `apply` (replay, reversals) runs the very same statements one by one.
 */
function disbursementStatements({ book, seq, document: doc }: JournalRecord): SqlStatement[] {
  const p = payloadOf<DisbursementPaidPayload>(doc);
  const statements: SqlStatement[] = [
    insertRows(disbursementRows, [
      {
        id: p.disbursementId,
        project_id: p.projectId,
        book,
        kind: p.kind,
        amount: p.amount,
        paid_on: doc.occurredOn,
        payee_name: p.payee.name,
        payee_type: p.payee.type,
        payee_key: p.payee.key,
        household_id: p.payee.householdId,
        voucher_no: p.voucherNo,
        funding: JSON.stringify(p.funding),
        settles: p.settles,
        entry_seq: seq,
      },
    ]),
  ];
  if (p.kind === 'advance' || p.settles) {
    statements.push({
      sql: `UPDATE project p SET advance_paid = p.advance_paid + x.advance,
                   status = CASE WHEN x.settles THEN 'settled' ELSE p.status END,
                   settled_on = CASE WHEN x.settles THEN x.paid_on ELSE p.settled_on END
              FROM unnest($1::uuid[], $2::bigint[], $3::boolean[], $4::date[]) AS x(id, advance, settles, paid_on)
             WHERE p.id = x.id`,
      columns: ['uuid', 'int8', 'bool', 'date'],
      rows: [[p.projectId, p.kind === 'advance' ? p.amount : 0, p.settles, doc.occurredOn]],
      touches: [`project:${p.projectId}`],
    });
  }
  const amounts = amountsStatement(p.projectId, doc, false);
  if (amounts) statements.push({ ...amounts, touches: [`project:${p.projectId}`] });
  return statements;
}

async function applyDisbursement(em: EntityManager, record: JournalRecord): Promise<void> {
  for (const s of disbursementStatements(record)) await em.query(s.sql, paramsOf(s));
}

/**
 * A correction entry about a project: the money is undone from the postings; a reversed payment is marked, and
 * a project it had settled is open (accepted) again.
 */
async function applyReversal(em: EntityManager, { book, seq, document: doc }: JournalRecord): Promise<void> {
  const projectId = projectIdOf(doc);
  if (!projectId || doc.reverses === undefined) return;
  await applyAmounts(em, projectId, doc, true);
  const payment = await em.getRepository(Disbursement).findOneBy({ book, entrySeq: doc.reverses });
  if (!payment) return;
  await em.getRepository(Disbursement).update(payment.id, { reversedSeq: seq });
  if (payment.kind === 'advance')
    await em.query(`UPDATE project SET advance_paid = advance_paid - $2 WHERE id = $1`, [
      projectId,
      payment.amount.toString(),
    ]);
  if (payment.settles) await em.getRepository(Project).update(projectId, { status: 'accepted', settledOn: null });
}

/** The project tables as a projection of the journal: rebuilt by the replay check. */
export const projectsProjection: Projection = {
  name: 'projects',
  tables: ['project', 'project_funding', 'disbursement'],
  types: [...PROJECT_ENTRY_TYPES, DISBURSEMENT_PAID, REVERSAL_TYPE],
  statements: (record) => (record.document.type === DISBURSEMENT_PAID ? disbursementStatements(record) : undefined),
  async apply(em, record) {
    if (record.document.type === DISBURSEMENT_PAID) return applyDisbursement(em, record);
    if (record.document.type === REVERSAL_TYPE) return applyReversal(em, record);
    return applyProject(em, record);
  },
};
