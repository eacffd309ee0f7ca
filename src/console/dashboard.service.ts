import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/role';
import { businessToday } from '../common/business-date';
import { fenToYuan } from '../common/money';
import { subtreePrefix } from '../common/region-code';
import type { ProjectStatus } from '../projects/project.entity';
import { ProjectReadService } from '../projects/project-read.service';
import { formatYuan } from '../notices/pdf/format';

export interface WaitItem {
  label: string;
  href: string;
  detail: string;
}

export interface WaitGroup {
  title: string;
  /** How many wait in all (the list shows the first few). */
  count: number;
  items: WaitItem[];
}

/** The year's money of a region: what came in from above, went further down, is set aside for projects, was paid. */
export interface YearFigures {
  year: number;
  received: string;
  allocatedDown: string;
  committed: string;
  paid: string;
  projects: number;
}

const SHOWN = 8;

/** What each role's work is waiting on: projects by status, in the user's region. */
const PROJECT_WAITS: Partial<Record<Actor['role'], Array<{ status: ProjectStatus; title: string }>>> = {
  township: [{ status: 'applied', title: '待审核的项目申请' }],
  program: [
    { status: 'reviewed', title: '待审批的项目' },
    { status: 'completed', title: '待验收的项目' },
  ],
  finance: [
    { status: 'in_progress', title: '可支付的项目（实施中）' },
    { status: 'accepted', title: '可支付尾款的项目（已验收）' },
  ],
  village: [{ status: 'approved', title: '已批复待开工的项目' }],
};

const PUBLISHERS = new Set<Actor['role']>(['village', 'township', 'program']);

/** Where a waiting project is worked on, for the role that waits on it. */
export function projectHref(role: Actor['role'], id: string): string {
  return role === 'finance' ? `/console/finance/projects/${id}/pay` : `/console/${role}/projects/${id}`;
}

/** The 工作台's reads: the API's project list, and two small queries of the notices and funds tables. */
@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly projects: ProjectReadService,
  ) {}

  async waits(actor: Actor): Promise<WaitGroup[]> {
    const groups: WaitGroup[] = [];
    for (const { status, title } of PROJECT_WAITS[actor.role] ?? []) {
      const [page, count] = await Promise.all([
        this.projects.list(actor, { status, limit: SHOWN }),
        this.countProjects(actor.regionCode, status),
      ]);
      const items = page.items.map((p) => ({
        label: p.name,
        href: projectHref(actor.role, p.id),
        detail: `${p.regionCode} · 预算 ${formatYuan(p.amounts.budget)} 元`,
      }));
      groups.push({ title, count, items });
    }
    if (PUBLISHERS.has(actor.role)) groups.push(await this.endedNotices(actor.regionCode));
    if (actor.role === 'village' || actor.role === 'township') groups.push(await this.openObjections(actor));
    return groups;
  }

  async figures(actor: Actor, year = Number(businessToday().slice(0, 4))): Promise<YearFigures> {
    const prefix = `${subtreePrefix(actor.regionCode)}%`;
    const [funds]: Array<{ received: string; down: string }> = await this.db.query(
      `SELECT coalesce(sum(f.amount) FILTER (WHERE p.id IS NULL), 0)::text AS received,
              coalesce(sum(f.amount) FILTER (WHERE p.id IS NOT NULL AND p.region_code <> f.region_code), 0)::text
                AS down
         FROM fund f LEFT JOIN fund p ON p.id = f.parent_fund_id AND p.region_code LIKE $1
        WHERE f.region_code LIKE $1 AND f.year = $2`,
      [prefix, year],
    );
    const [work]: Array<{ committed: string; paid: string; projects: number }> = await this.db.query(
      `SELECT coalesce(sum(l.committed - l.released), 0)::text AS committed,
              coalesce(sum(l.disbursed), 0)::text AS paid,
              (SELECT count(*)::int FROM project WHERE region_code LIKE $1 AND year = $2) AS projects
         FROM project p JOIN project_funding l ON l.project_id = p.id
        WHERE p.region_code LIKE $1 AND p.year = $2`,
      [prefix, year],
    );
    const yuan = (fen: string) => fenToYuan(BigInt(fen));
    return {
      year,
      received: yuan(funds.received),
      allocatedDown: yuan(funds.down),
      committed: yuan(work.committed),
      paid: yuan(work.paid),
      projects: work.projects,
    };
  }

  private async countProjects(regionCode: string, status: ProjectStatus): Promise<number> {
    const [{ n }] = await this.db.query(
      `SELECT count(*)::int AS n FROM project WHERE region_code LIKE $1 AND status = $2`,
      [`${subtreePrefix(regionCode)}%`, status],
    );
    return n;
  }

  /** Notices whose period ended in the last 30 days: the next step (review, approval, payment) may go ahead. */
  private async endedNotices(regionCode: string): Promise<WaitGroup> {
    const rows: Array<{ id: string; title: string; period_end: string; n: number }> = await this.db.query(
      `SELECT id, title, period_end::text, count(*) OVER ()::int AS n FROM notice
        WHERE region_code LIKE $1 AND corrected_by_notice_id IS NULL
          AND period_end < $2::date AND period_end >= $2::date - 30
        ORDER BY period_end DESC, id LIMIT $3`,
      [`${subtreePrefix(regionCode)}%`, businessToday(), SHOWN],
    );
    return {
      title: '公示期已满的公示（近 30 天）',
      count: rows[0]?.n ?? 0,
      items: rows.map((r) => ({ label: r.title, href: `/public/notices/${r.id}`, detail: `公示期至 ${r.period_end}` })),
    };
  }

  /** The village answers its objections on its notice page; the township follows them on the public one. */
  private async openObjections({ role, regionCode }: Actor): Promise<WaitGroup> {
    const rows: Array<{ notice_id: string; title: string; received_on: string; n: number }> = await this.db.query(
      `SELECT o.notice_id, n.title, o.received_on::text, count(*) OVER ()::int AS n
         FROM objection o JOIN notice n ON n.id = o.notice_id
        WHERE n.region_code LIKE $1 AND o.resolved_on IS NULL
        ORDER BY o.received_on, o.id LIMIT $2`,
      [`${subtreePrefix(regionCode)}%`, SHOWN],
    );
    return {
      title: '待答复的异议',
      count: rows[0]?.n ?? 0,
      items: rows.map((r) => ({
        label: r.title,
        href: role === 'village' ? `/console/village/notices/${r.notice_id}` : `/public/notices/${r.notice_id}`,
        detail: `${r.received_on} 收到`,
      })),
    };
  }
}
