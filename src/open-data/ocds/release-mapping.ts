import { SOURCE_LEVEL_NAMES } from '../../funds/fund.entity';
import type { FundShare } from '../../projects/disbursement.entity';
import { DISBURSEMENT_PAID, PROJECT_ENTRY_TYPES } from '../../projects/projects.projection';
import {
  addParty,
  baseRelease,
  buyerRef,
  dateTimeOf,
  OcdsEntry,
  OcdsFund,
  OcdsProject,
  OcdsSettings,
  organisationRef,
  payerRef,
  releaseIdOf,
  valueOf,
} from './ocds-context';
import type { Milestone, OcdsDocument, Release, Transaction } from './ocds-types';

/** Entry types that become releases; the others about a project (objections: citizens' filings) stay out. */
export const OCDS_ENTRY_TYPES = [
  ...PROJECT_ENTRY_TYPES,
  DISBURSEMENT_PAID,
  'entry.reversed',
  'notice.published',
  'asset.registered',
];

export const AWARD_ID = 'award-1';
export const CONTRACT_ID = 'contract-1';

/** 采购方式 as recorded at the start of works → OCDS procurementMethod (closed codelist). */
const PROCUREMENT_METHODS: Record<string, string> = {
  公开招标: 'open',
  邀请招标: 'selective',
  竞争性谈判: 'limited',
  竞争性磋商: 'limited',
  询价: 'limited',
  单一来源: 'direct',
  单一来源采购: 'direct',
};

const NOTICE_DOCUMENT_TYPES: Record<string, string> = {
  application: 'applicationNotice',
  approval: 'approvalNotice',
  completion: 'completionNotice',
};

interface Lookups {
  funds: ReadonlyMap<string, OcdsFund>;
}

type Payload = Record<string, unknown>;
const str = (p: Payload, key: string): string | undefined => (typeof p[key] === 'string' ? p[key] : undefined);
const fen = (p: Payload, key: string): bigint => BigInt(str(p, key) ?? '0');

const met = (id: string, title: string, type: string, day: string, ok = true, description?: string): Milestone => ({
  id,
  title,
  type,
  status: ok ? 'met' : 'notMet',
  dateMet: dateTimeOf(day),
  ...(description ? { description } : {}),
});

/** A change to the one contract of the process (every project has one from the start of works). */
function contractChange(release: Release, change: Omit<NonNullable<Release['contracts']>[number], 'id' | 'awardID'>) {
  release.contracts = [{ id: CONTRACT_ID, awardID: AWARD_ID, ...change }];
}

/** The release that one journal entry about a project publishes (docs/open-data.md has the table). */
export function releaseOf(entry: OcdsEntry, project: OcdsProject, settings: OcdsSettings, lookups: Lookups): Release {
  const p = entry.payload;
  const on = entry.occurredOn;
  const r = (tag: string[]) => baseRelease(entry, project, settings, tag);
  switch (entry.type) {
    case 'project.applied': {
      const release = r(['planning']);
      const total = fen(p, 'budget');
      const own = fen(p, 'selfFunded');
      release.planning = {
        rationale: str(p, 'performanceGoal'),
        budget: {
          id: 'application',
          description: `申报资金（总投资 ${valueOf(total).amount} 元，其中自筹 ${valueOf(own).amount} 元）`,
          amount: valueOf(total - own),
          project: project.name,
          projectID: project.id,
        },
        milestones: [met('application', '村级申报', 'preProcurement', on)],
      };
      release.tender = {
        id: project.id,
        title: project.name,
        description: project.content,
        status: 'planning',
        procuringEntity: buyerRef(project),
      };
      return release;
    }
    case 'project.reviewed': {
      const release = r(['planningUpdate']);
      release.planning = { milestones: [met('review', '乡镇审核', 'approval', on, p.decision === 'approve')] };
      return release;
    }
    case 'project.approved':
      return approvedRelease(r(['planningUpdate']), entry, project, lookups);
    case 'project.started': {
      const release = r(['award', 'contract']);
      const procurement = str(p, 'procurement');
      const contractor = str(p, 'contractor');
      const amount = str(p, 'contractAmount');
      const supplier = contractor ? organisationRef('contractor', contractor) : undefined;
      if (supplier) addParty(release, supplier, ['supplier']);
      release.tender = {
        id: project.id,
        status: 'complete',
        ...(procurement && PROCUREMENT_METHODS[procurement]
          ? { procurementMethod: PROCUREMENT_METHODS[procurement] }
          : {}),
        ...(procurement ? { procurementMethodDetails: procurement } : {}),
      };
      const value = amount === undefined ? {} : { value: valueOf(BigInt(amount)) };
      release.awards = [
        {
          id: AWARD_ID,
          status: 'active',
          date: dateTimeOf(on),
          ...value,
          ...(supplier ? { suppliers: [supplier] } : {}),
        },
      ];
      contractChange(release, { status: 'active', ...value, period: { startDate: dateTimeOf(on) } });
      return release;
    }
    case 'project.completed': {
      const release = r(['implementation']);
      contractChange(release, { implementation: { milestones: [met('completion', '完工', 'delivery', on)] } });
      return release;
    }
    case 'project.accepted': {
      const settles = p.settles === true;
      const release = r(settles ? ['implementation', 'contractTermination'] : ['implementation']);
      const finalCost = `决算 ${valueOf(fen(p, 'finalCost')).amount} 元`;
      contractChange(release, {
        ...(settles ? { status: 'terminated' } : {}),
        implementation: { milestones: [met('acceptance', '验收', 'delivery', on, p.result === 'passed', finalCost)] },
      });
      return release;
    }
    case 'project.cancelled': {
      if (project.startedOn !== null && project.startedOn <= on) {
        const release = r(['contractTermination']);
        contractChange(release, { status: 'cancelled' });
        return release;
      }
      const release = r(['tenderCancellation']);
      release.tender = { id: project.id, status: 'cancelled' };
      return release;
    }
    case 'disbursement.paid':
      return paymentRelease(r, entry, project);
    case 'entry.reversed':
      return reversalRelease(r, entry, project);
    case 'notice.published':
      return noticeRelease(r, entry, project, settings);
    case 'asset.registered': {
      const release = r(['implementationUpdate']);
      const title = `资产登记：${str(p, 'name') ?? ''}`;
      const milestone = met(`asset-${str(p, 'assetId')}`, title, 'delivery', on, true, str(p, 'assetNo'));
      contractChange(release, { implementation: { milestones: [milestone] } });
      return release;
    }
  }
  throw new Error(`no OCDS mapping for entry type ${entry.type}`);
}

/** 批复: the budget per fund document (budget breakdown extension), 文号 as the line's id. */
function approvedRelease(release: Release, entry: OcdsEntry, project: OcdsProject, lookups: Lookups): Release {
  const p = entry.payload;
  const funding = (p.funding as FundShare[]) ?? [];
  const total = funding.reduce((sum, f) => sum + BigInt(f.amount), 0n);
  const lines = funding.map((f) => {
    const fund = lookups.funds.get(f.fundId);
    return {
      id: fund?.docNo ?? f.fundId,
      description: fund ? `${fund.title}（${SOURCE_LEVEL_NAMES[fund.sourceLevel]}）` : f.fundId,
      amount: valueOf(BigInt(f.amount)),
    };
  });
  const approvalDocNo = String(p.approvalDocNo);
  release.planning = {
    budget: {
      id: approvalDocNo,
      description: `批复文号 ${approvalDocNo}；资金来源：${lines.map((l) => `${l.id} ${l.amount.amount} 元`).join('；')}`,
      amount: valueOf(total),
      project: project.name,
      projectID: project.id,
      budgetBreakdown: lines,
    },
    milestones: [met('approval', '县级审批', 'approval', entry.occurredOn)],
  };
  release.tender = { id: project.id, status: 'planned', value: valueOf(total) };
  return release;
}

/** A payment's transaction; a household payee is never named (not even by its account's key). */
function transactionOf(entry: OcdsEntry, project: OcdsProject, id: string, amount: bigint): Transaction {
  const payment = entry.payment;
  const payee =
    payment && payment.payeeType !== 'household' && payment.payeeName
      ? { id: `payee-${payment.payeeKey}`, name: payment.payeeName }
      : undefined;
  return {
    id,
    date: dateTimeOf(entry.occurredOn),
    value: valueOf(amount),
    payer: payerRef(project),
    ...(payee ? { payee } : {}),
  };
}

/** The money that reached payees in this entry: the payee postings, so the sum is the ledger's own. */
const paidIn = (entry: OcdsEntry): bigint =>
  entry.postings.filter((x) => x.account.startsWith('payee:')).reduce((sum, x) => sum + BigInt(x.amount), 0n);

function paymentRelease(r: (tag: string[]) => Release, entry: OcdsEntry, project: OcdsProject): Release {
  const settles = entry.payload.settles === true;
  const release = r(settles ? ['implementation', 'contractTermination'] : ['implementation']);
  const transaction = transactionOf(entry, project, String(entry.payload.disbursementId), paidIn(entry));
  addParty(release, transaction.payer, ['payer']);
  if (transaction.payee) addParty(release, transaction.payee, ['payee']);
  contractChange(release, {
    ...(settles ? { status: 'terminated' } : {}),
    implementation: { transactions: [transaction] },
  });
  return release;
}

/** A reversed payment is a transaction of the opposite sign, so the transactions still add up to the ledger. */
function reversalRelease(r: (tag: string[]) => Release, entry: OcdsEntry, project: OcdsProject): Release {
  if (entry.payload.reversedType !== 'disbursement.paid')
    return r([project.startedOn !== null ? 'implementationUpdate' : 'planningUpdate']);
  const release = r(['implementationUpdate']);
  const transaction = transactionOf(entry, project, releaseIdOf(entry.book, entry.seq), paidIn(entry));
  addParty(release, transaction.payer, ['payer']);
  if (transaction.payee) addParty(release, transaction.payee, ['payee']);
  contractChange(release, { implementation: { transactions: [transaction] } });
  return release;
}

/** 三公示: each notice is a document linking to its public page, on the stage it belongs to. */
function noticeRelease(
  r: (tag: string[]) => Release,
  entry: OcdsEntry,
  project: OcdsProject,
  settings: OcdsSettings,
): Release {
  const p = entry.payload;
  const type = String(p.type);
  const document: OcdsDocument = {
    id: String(p.noticeId),
    documentType: NOTICE_DOCUMENT_TYPES[type] ?? 'notice',
    title: String(p.title),
    url: `${settings.publicBaseUrl}/public/notices/${String(p.noticeId)}`,
    datePublished: dateTimeOf(entry.occurredOn),
    format: 'text/html',
    language: 'zh',
  };
  if (type === 'application') {
    const release = r(['planningUpdate']);
    release.planning = { documents: [document] };
    return release;
  }
  if (type === 'completion' && project.startedOn !== null) {
    const release = r(['implementationUpdate']);
    contractChange(release, { implementation: { documents: [document] } });
    return release;
  }
  const release = r(['tenderUpdate']);
  release.tender = { id: project.id, documents: [document] };
  return release;
}
