import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../auth/role';
import { assertInScope, canRead } from '../auth/scope';
import { notFound } from '../common/errors/domain-error';
import { fenToYuan } from '../common/money';
import { Page, PageQuery, toPage } from '../common/pagination';
import { subtreePrefix } from '../common/region-code';
import { JournalService } from '../journal/journal.service';
import { Disbursement, DisbursementPayeeAccount } from './disbursement.entity';
import { DisbursementDto } from './dto/disbursement.dto';
import { ListProjectsQuery } from './dto/project.dto';
import { FundingAmountsDto, ProjectDto, TimelineEntryDto } from './dto/project-view.dto';
import { Project, ProjectFunding } from './project.entity';
import { projectAssets, projectNotices } from './project-links';
import { loadProject, remainingOf } from './project-rules';

type Line = ProjectFunding & { docNo: string };

const yuanOrNull = (v: bigint | null) => (v === null ? null : fenToYuan(v));
const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
/** Only the last 4 digits of a bank account are ever answered. */
export const maskAccount = (no: string) => `${'*'.repeat(Math.max(0, no.length - 4))}${no.slice(-4)}`;

/** Reads of projects and their payments: the projection tables plus the project's timeline. */
@Injectable()
export class ProjectReadService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly journal: JournalService,
  ) {}

  /** The project if the actor may read it (its own subtree, or a region above its own). */
  async readable(actor: Actor, id: string): Promise<Project> {
    const project = await loadProject(this.db.manager, id);
    if (!canRead(actor, project.regionCode)) assertInScope(actor, project.regionCode);
    return project;
  }

  async get(actor: Actor, id: string): Promise<ProjectDto> {
    await this.readable(actor, id);
    const em = this.db.manager;
    const [view, notices, assets] = await Promise.all([
      this.view(id, { timeline: true }),
      projectNotices(em, id),
      projectAssets(em, id),
    ]);
    return { ...view, notices, assets };
  }

  async view(id: string, { timeline = false } = {}): Promise<ProjectDto> {
    const project = await loadProject(this.db.manager, id);
    const lines = (await this.lines([id])).get(id) ?? [];
    return { ...this.toDto(project, lines), ...(timeline ? { timeline: await this.timeline(id) } : {}) };
  }

  async list(actor: Actor, q: ListProjectsQuery): Promise<Page<ProjectDto>> {
    const regionCode = q.regionCode ?? actor.regionCode;
    assertInScope(actor, regionCode);
    const limit = q.limit ?? 100;
    const qb = this.db
      .getRepository(Project)
      .createQueryBuilder('p')
      .where('p.region_code LIKE :prefix', { prefix: `${subtreePrefix(regionCode)}%` })
      .orderBy('p.id')
      .take(limit + 1);
    if (q.status) qb.andWhere('p.status = :status', { status: q.status });
    if (q.year) qb.andWhere('p.year = :year', { year: q.year });
    if (q.cursor) qb.andWhere('p.id > :cursor', { cursor: q.cursor });
    const projects = await qb.getMany();
    const lines = await this.lines(projects.map((p) => p.id));
    return toPage(
      projects.map((p) => this.toDto(p, lines.get(p.id) ?? [])),
      limit,
      (p) => p.id,
    );
  }

  async disbursements(actor: Actor, projectId: string, q: PageQuery): Promise<Page<DisbursementDto>> {
    await this.readable(actor, projectId);
    const limit = q.limit ?? 100;
    const after = q.cursor && /^\d{1,18}$/.test(q.cursor) ? Number(q.cursor) : 0;
    const rows = await this.db
      .getRepository(Disbursement)
      .createQueryBuilder('d')
      .where('d.project_id = :projectId AND d.entry_seq > :after', { projectId, after })
      .orderBy('d.entry_seq')
      .take(limit + 1)
      .getMany();
    const [accounts, names] = await Promise.all([this.accounts(rows.map((r) => r.id)), this.householdNames(rows)]);
    return toPage(
      rows.map((r) => this.disbursementDto(r, accounts.get(r.id), names)),
      limit,
      (d) => String(d.entrySeq),
    );
  }

  async disbursement(id: string): Promise<DisbursementDto> {
    const row = await this.db.getRepository(Disbursement).findOneBy({ id });
    if (!row) throw notFound('Disbursement', id);
    return this.disbursementDto(row, (await this.accounts([id])).get(id), await this.householdNames([row]));
  }

  private async accounts(ids: string[]): Promise<Map<string, string>> {
    const rows = ids.length
      ? await this.db.getRepository(DisbursementPayeeAccount).findBy({ disbursementId: In(ids) })
      : [];
    return new Map(rows.map((r) => [r.disbursementId, r.accountNo]));
  }

  /**
   * A household payee's name is personal data, so the journal (and this projection) keep only the household id;
   * the name is read from the access-controlled household table when shown.
   */
  private async householdNames(rows: Disbursement[]): Promise<Map<string, string>> {
    const ids = [...new Set(rows.flatMap((r) => (r.householdId ? [r.householdId] : [])))];
    const found: Array<{ id: string; head_name: string }> = ids.length
      ? await this.db.query(`SELECT id, head_name FROM household WHERE id = ANY($1::uuid[])`, [ids])
      : [];
    return new Map(found.map((h) => [h.id, h.head_name]));
  }

  private disbursementDto(
    d: Disbursement,
    accountNo: string | undefined,
    householdNames: Map<string, string>,
  ): DisbursementDto {
    return {
      id: d.id,
      projectId: d.projectId,
      book: d.book,
      entrySeq: d.entrySeq,
      kind: d.kind,
      amount: fenToYuan(d.amount),
      paidOn: d.paidOn,
      payee: {
        name: d.payeeName ?? (d.householdId ? householdNames.get(d.householdId) : undefined) ?? '',
        type: d.payeeType,
        accountNo: accountNo ? maskAccount(accountNo) : null,
        householdId: d.householdId,
      },
      voucherNo: d.voucherNo,
      funding: d.funding.map((s) => ({ fundId: s.fundId, amount: fenToYuan(BigInt(s.amount)) })),
      settles: d.settles,
      reversedSeq: d.reversedSeq,
    };
  }

  /** Funding lines of the projects with their fund's 文号, in commitment order. */
  private async lines(ids: string[]): Promise<Map<string, Line[]>> {
    const byProject = new Map<string, Line[]>();
    if (!ids.length) return byProject;
    const rows = await this.db
      .getRepository(ProjectFunding)
      .createQueryBuilder('l')
      .leftJoin('fund', 'f', 'f.id = l.fund_id')
      .addSelect('f.doc_no', 'doc_no')
      .where('l.project_id IN (:...ids)', { ids })
      .orderBy('l.committed_seq')
      .addOrderBy('l.position')
      .getRawAndEntities();
    rows.entities.forEach((line, i) => {
      const docNo = (rows.raw[i] as { doc_no: string }).doc_no;
      byProject.set(line.projectId, [...(byProject.get(line.projectId) ?? []), Object.assign(line, { docNo })]);
    });
    return byProject;
  }

  private async timeline(id: string): Promise<TimelineEntryDto[]> {
    return (await this.journal.timeline(`project:${id}`)).map(({ book, seq, hash, document: d }) => ({
      book,
      seq,
      type: d.type,
      occurredOn: d.occurredOn,
      recordedAt: d.recordedAt,
      actor: d.actor,
      hash,
      postings: d.postings.map((p) => ({ account: p.account, fund: p.fund, amount: fenToYuan(BigInt(p.amount)) })),
    }));
  }

  private toDto(p: Project, lines: Line[]): ProjectDto {
    const committed = sum(lines.map((l) => l.committed));
    const released = sum(lines.map((l) => l.released));
    const disbursed = sum(lines.map((l) => l.disbursed));
    const byFund: FundingAmountsDto[] = lines.map((l) => ({
      fundId: l.fundId,
      docNo: l.docNo,
      committed: fenToYuan(l.committed),
      released: fenToYuan(l.released),
      disbursed: fenToYuan(l.disbursed),
      remaining: fenToYuan(remainingOf(l)),
    }));
    return {
      id: p.id,
      name: p.name,
      regionCode: p.regionCode,
      book: p.book,
      category: p.category,
      content: p.content,
      performanceGoal: p.performanceGoal,
      performanceIndicators: p.performanceIndicators ?? [],
      povertyLinkage: p.povertyLinkage,
      beneficiaries: { households: p.beneficiaryHouseholds, persons: p.beneficiaryPersons },
      beneficiaryHouseholdIds: p.beneficiaryHouseholdIds ?? [],
      implementingUnit: p.implementingUnit,
      responsiblePerson: p.responsiblePerson,
      plannedStart: p.plannedStart,
      plannedEnd: p.plannedEnd,
      status: p.status,
      appliedOn: p.appliedOn,
      reviewedOn: p.reviewedOn,
      reviewOpinion: p.reviewOpinion,
      approvalDocNo: p.approvalDocNo,
      approvedOn: p.approvedOn,
      startedOn: p.startedOn,
      contractor: p.contractor,
      contractAmount: yuanOrNull(p.contractAmount),
      procurement: p.procurement,
      completedOn: p.completedOn,
      acceptedOn: p.acceptedOn,
      acceptanceResult: p.acceptanceResult,
      acceptanceOpinion: p.acceptanceOpinion,
      results:
        p.resultHouseholds === null
          ? null
          : { households: p.resultHouseholds, persons: p.resultPersons ?? 0, indicators: p.resultIndicators ?? [] },
      retentionDueOn: p.retentionDueOn,
      cancelledOn: p.cancelledOn,
      cancelReason: p.cancelReason,
      settledOn: p.settledOn,
      entrySeq: p.entrySeq,
      amounts: {
        budget: fenToYuan(p.budget),
        selfFunded: fenToYuan(p.selfFunded),
        committed: fenToYuan(committed),
        released: fenToYuan(released),
        disbursed: fenToYuan(disbursed),
        remaining: fenToYuan(committed - released - disbursed),
        advancesPaid: fenToYuan(p.advancePaid),
        advanceLimit: yuanOrNull(p.advanceLimit),
        finalCost: yuanOrNull(p.finalCost),
        retention: yuanOrNull(p.retention),
        byFund,
      },
    };
  }
}
