import type { EntityManager } from 'typeorm';
import { DomainError, notFound } from '../common/errors/domain-error';
import { UUID_PATTERN as UUID } from '../common/validation/uuid';
import { Project, PROJECT_STATUSES, ProjectFunding, ProjectStatus } from './project.entity';

/** Statuses from which a project may still be cancelled: everything before it is settled. */
export const CANCELLABLE: ProjectStatus[] = PROJECT_STATUSES.filter((s) => s !== 'settled' && s !== 'cancelled');

export type ProjectStep = 'review' | 'approve' | 'start' | 'complete' | 'accept' | 'cancel' | 'registerAssets';

/**
 * The statuses each step of a project starts from. The services' guard (assertStatus) and the console's
 * pages read this one table, so that a page never offers a step the service would refuse.
 */
export const STEP_FROM: Record<ProjectStep, ProjectStatus[]> = {
  review: ['applied'],
  approve: ['reviewed'],
  start: ['approved'],
  complete: ['in_progress'],
  accept: ['completed'],
  cancel: CANCELLABLE,
  registerAssets: ['accepted', 'settled'],
};

/** The project row as the current transaction sees it (inside a journal callback: under the book lock). */
export async function loadProject(em: EntityManager, id: string): Promise<Project> {
  const project = UUID.test(id) ? await em.getRepository(Project).findOneBy({ id }) : null;
  if (!project) throw notFound('Project', id);
  return project;
}

/** Funding lines in commitment order: the order in which the money was committed to the project. */
export function loadFunding(em: EntityManager, projectId: string): Promise<ProjectFunding[]> {
  return em
    .getRepository(ProjectFunding)
    .find({ where: { projectId }, order: { committedSeq: 'ASC', position: 'ASC' } });
}

/** What a funding line still holds for the project: its `project:<id>` balance in that fund. */
export const remainingOf = (line: ProjectFunding): bigint => line.committed - line.released - line.disbursed;

export function assertStatus(project: Pick<Project, 'status'>, required: ProjectStatus[], action: string): void {
  if (!required.includes(project.status)) {
    throw new DomainError(
      'INVALID_STATE',
      `Cannot ${action}: project is ${project.status}, needs ${required.join(' or ')} / ` +
        `项目当前状态为 ${project.status},不能执行此操作`,
      { current: project.status, required },
    );
  }
}

/** A calendar date plus whole months; the 31st becomes the month's last day (2024-01-31 + 1 → 2024-02-29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, lastDay))}`;
}

/** `percent` of an amount in fen, rounded down so the result never exceeds the share. */
export const percentOf = (amount: bigint, percent: number): bigint => (amount * BigInt(percent)) / 100n;
