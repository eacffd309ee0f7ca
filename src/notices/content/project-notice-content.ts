import type { EntityManager } from 'typeorm';
import { fenToYuan } from '../../common/money';
import { SOURCE_LEVEL_NAMES, type SourceLevel } from '../../funds/fund.entity';
import type { DisbursementKind } from '../../projects/disbursement.entity';
import type { Project } from '../../projects/project.entity';
import {
  NOTICE_TYPE_NAMES,
  type NoticeContent,
  type NoticeField,
  type NoticeTable,
  type NoticeType,
} from '../notice-content';
import { regionFullName } from '../region-names';
import { AssetLine, loadAssetLines } from './asset-lines';
import { performanceTable } from './performance-table';
import { amountField, chineseDate, field, PAYMENT_KIND_NAMES, sum, withTotal } from './notice-labels';

export type ProjectNoticeType = Exclude<NoticeType, 'announcement'>;

/** What the publisher decides; everything else is read from the ledger. */
export interface NoticeFrame {
  issuer: string;
  periodStart: string;
  periodEnd: string;
  issuedOn: string;
  hotline: { local: string; national: string };
  correctsNoticeId: string | null;
}

interface FundLine {
  docNo: string;
  title: string;
  sourceLevel: SourceLevel;
  committed: bigint;
  disbursed: bigint;
}

interface Payment {
  paidOn: string;
  kind: DisbursementKind;
  amount: bigint;
  payeeName: string | null;
  householdId: string | null;
  headName: string | null;
  idMasked: string | null;
}

const STAGE: Record<ProjectNoticeType, string> = { application: '申报', approval: '批复', completion: '验收' };

/** Funding lines in commitment order, net of what was released back to the pool. */
async function fundLines(em: EntityManager, projectId: string): Promise<FundLine[]> {
  const rows: Array<{
    doc_no: string;
    title: string;
    source_level: SourceLevel;
    committed: string;
    released: string;
    disbursed: string;
  }> = await em.query(
    `SELECT f.doc_no, f.title, f.source_level, l.committed, l.released, l.disbursed
       FROM project_funding l JOIN fund f ON f.id = l.fund_id
      WHERE l.project_id = $1 ORDER BY l.committed_seq, l.position`,
    [projectId],
  );
  return rows.map((r) => ({
    docNo: r.doc_no,
    title: r.title,
    sourceLevel: r.source_level,
    committed: BigInt(r.committed) - BigInt(r.released),
    disbursed: BigInt(r.disbursed),
  }));
}

/** Payments not reversed; household payees by their head's name and masked ID (never the full ID). */
async function payments(em: EntityManager, projectId: string): Promise<Payment[]> {
  const rows: Array<{
    paid_on: string;
    kind: DisbursementKind;
    amount: string;
    payee_name: string | null;
    household_id: string | null;
    head_name: string | null;
    id_number_masked: string | null;
  }> = await em.query(
    `SELECT d.paid_on::text, d.kind, d.amount, d.payee_name, d.household_id, h.head_name, h.id_number_masked
         FROM disbursement d LEFT JOIN household h ON h.id = d.household_id
        WHERE d.project_id = $1 AND d.reversed_seq IS NULL ORDER BY d.entry_seq`,
    [projectId],
  );
  return rows.map((r) => ({
    paidOn: r.paid_on,
    kind: r.kind,
    amount: BigInt(r.amount),
    payeeName: r.payee_name,
    householdId: r.household_id,
    headName: r.head_name,
    idMasked: r.id_number_masked,
  }));
}

function fundingTable(lines: FundLine[], withPaid: boolean): NoticeTable {
  return withTotal({
    title: '资金来源及规模',
    columns: [
      { key: 'level', label: '资金级次', kind: 'text', width: 2 },
      { key: 'docNo', label: '指标文号', kind: 'text', width: 4 },
      { key: 'title', label: '资金名称', kind: 'text', width: 5 },
      { key: 'amount', label: '安排金额(元)', kind: 'amount', width: 3 },
      ...(withPaid ? [{ key: 'paid', label: '已拨付(元)', kind: 'amount' as const, width: 3 }] : []),
    ],
    rows: lines.map((l) => ({
      level: SOURCE_LEVEL_NAMES[l.sourceLevel],
      docNo: l.docNo,
      title: l.title,
      amount: fenToYuan(l.committed),
      ...(withPaid ? { paid: fenToYuan(l.disbursed) } : {}),
    })),
  });
}

/** 带贫减贫机制: the households paid by the project, one line per household, masked IDs. */
function householdTable(list: Payment[]): NoticeTable | null {
  const byHousehold = new Map<string, { name: string; id: string; amount: bigint }>();
  for (const p of list.filter((p) => p.householdId)) {
    const h = byHousehold.get(p.householdId!) ?? { name: p.headName ?? '', id: p.idMasked ?? '', amount: 0n };
    h.amount += p.amount;
    byHousehold.set(p.householdId!, h);
  }
  if (!byHousehold.size) return null;
  return withTotal({
    title: '受益农户名单',
    columns: [
      { key: 'no', label: '序号', kind: 'text', width: 1 },
      { key: 'name', label: '户主姓名', kind: 'text', width: 2 },
      { key: 'idNumber', label: '身份证号', kind: 'text', width: 4 },
      { key: 'amount', label: '补助金额(元)', kind: 'amount', width: 3 },
    ],
    rows: [...byHousehold.values()].map((h, i) => ({
      no: String(i + 1),
      name: h.name,
      idNumber: h.id,
      amount: fenToYuan(h.amount),
    })),
  });
}

function paymentTable(list: Payment[]): NoticeTable | null {
  if (!list.length) return null;
  return withTotal({
    title: '资金拨付情况',
    columns: [
      { key: 'paidOn', label: '拨付日期', kind: 'text', width: 3 },
      { key: 'kind', label: '款项', kind: 'text', width: 2 },
      { key: 'payee', label: '收款单位/户主', kind: 'text', width: 5 },
      { key: 'amount', label: '金额(元)', kind: 'amount', width: 3 },
    ],
    rows: list.map((p) => ({
      paidOn: p.paidOn,
      kind: PAYMENT_KIND_NAMES[p.kind],
      payee: p.payeeName ?? p.headName ?? '',
      amount: fenToYuan(p.amount),
    })),
  });
}

function assetTable(assets: AssetLine[]): NoticeTable | null {
  if (!assets.length) return null;
  return withTotal({
    title: '资产形成',
    columns: [
      { key: 'assetNo', label: '资产编号', kind: 'text', width: 3 },
      { key: 'name', label: '资产名称', kind: 'text', width: 5 },
      { key: 'class', label: '资产类别', kind: 'text', width: 2 },
      { key: 'owner', label: '产权归属', kind: 'text', width: 4 },
      { key: 'value', label: '原值(元)', kind: 'amount', width: 3 },
    ],
    rows: assets.map((a) => ({
      assetNo: a.assetNo,
      name: a.name,
      class: a.className,
      owner: a.owner,
      value: fenToYuan(a.value),
    })),
  });
}

function period(p: Project): string | null {
  if (!p.plannedStart && !p.plannedEnd) return null;
  return `${p.plannedStart ? chineseDate(p.plannedStart) : ''}至${p.plannedEnd ? chineseDate(p.plannedEnd) : ''}`;
}

/** An application, approval or completion notice's content, as the caller's transaction sees the ledger. */
export async function buildProjectNotice(
  em: EntityManager,
  type: ProjectNoticeType,
  project: Project,
  frame: NoticeFrame,
): Promise<NoticeContent> {
  const regionName = await regionFullName(em, project.regionCode);
  const fiscal = project.budget - project.selfFunded;
  const fields: NoticeField[] = [
    field('项目名称', project.name),
    field('实施地点', regionName),
    field('项目类别', project.category),
    field('建设内容', project.content),
    amountField('项目总投资', project.budget),
    amountField('其中:财政资金', fiscal),
    amountField('其中:自筹资金', project.selfFunded),
    field('实施期限', period(project)),
    field('实施单位及责任人', `${project.implementingUnit}  ${project.responsiblePerson}`),
    field('绩效目标', project.performanceGoal),
    field('带贫减贫机制', project.povertyLinkage),
    field('受益对象', `脱贫户(监测户) ${project.beneficiaryHouseholds} 户 ${project.beneficiaryPersons} 人`),
  ];
  const tables: NoticeTable[] = [];
  if (type === 'application') fields.push(field('申报日期', chineseDate(project.appliedOn)));

  if (type === 'approval' || type === 'completion') {
    const lines = await fundLines(em, project.id);
    fields.push(
      field('批复文号', project.approvalDocNo),
      field('批复日期', project.approvedOn && chineseDate(project.approvedOn)),
      amountField('批复财政资金', sum(lines.map((l) => l.committed))),
    );
    tables.push(fundingTable(lines, type === 'completion'));
  }
  if (type === 'completion') {
    const list = await payments(em, project.id);
    fields.push(
      field('施工单位', project.contractor),
      field('开工日期', project.startedOn && chineseDate(project.startedOn)),
      field('完工日期', project.completedOn && chineseDate(project.completedOn)),
      field('验收日期', project.acceptedOn && chineseDate(project.acceptedOn)),
      field(
        '验收结果',
        project.acceptanceResult === 'passed' ? '合格' : project.acceptanceResult === 'failed' ? '不合格' : null,
      ),
      field('验收意见', project.acceptanceOpinion),
      amountField('决算金额', project.finalCost ?? 0n),
      amountField('已拨付资金', sum(list.map((p) => p.amount))),
      amountField('质保金', project.retention ?? 0n),
    );
    const assets = await loadAssetLines(em, project.id);
    fields.push(
      field(
        '资产形成',
        assets.length
          ? `${assets.length} 项,原值合计 ${fenToYuan(sum(assets.map((a) => a.value)))} 元,见资产形成表`
          : '资产登记确权后另行公示',
      ),
    );
    for (const t of [paymentTable(list), householdTable(list), assetTable(assets)]) if (t) tables.push(t);
  }
  if (type === 'approval') {
    fields.push(field('计划开工', project.plannedStart && chineseDate(project.plannedStart)));
    const households = householdTable(await payments(em, project.id));
    if (households) tables.push(households);
  }
  const performance = performanceTable(project, type === 'completion');
  if (performance) tables.push(performance);

  const stage = STAGE[type];
  const typeName = NOTICE_TYPE_NAMES[type];
  return {
    version: 1,
    type,
    title: `${regionName}${project.year}年度${project.name}${typeName}`,
    issuer: frame.issuer,
    regionCode: project.regionCode,
    regionName,
    projectId: project.id,
    correctsNoticeId: frame.correctsNoticeId,
    periodStart: frame.periodStart,
    periodEnd: frame.periodEnd,
    issuedOn: frame.issuedOn,
    preamble:
      `为加强衔接推进乡村振兴资金和项目管理,落实公告公示制度,现将${project.name}${stage}情况予以公示,` +
      `公示期为${chineseDate(frame.periodStart)}至${chineseDate(frame.periodEnd)}。` +
      `公示期内如有异议,请向${frame.issuer}反映,或拨打监督举报电话。` +
      (frame.correctsNoticeId ? '本公示更正此前发布的同一公示,原公示作废。' : ''),
    fields,
    tables,
    hotline: frame.hotline,
  };
}
