import type { ProjectDto } from '../../projects/dto/project-view.dto';
import type { ProjectStatus } from '../../projects/project.entity';
import { type Html, html } from '../../public/html';
import { STATUS_NAMES } from './labels';

/** What a closed step is about, as the notice names it: the kind of thing, its name and the state that refuses it. */
export interface Subject {
  /** 项目、资产、异议、农户. */
  kind: string;
  name: string;
  /** The state as a clerk reads it (已结算、已处置、已答复 …). */
  state: string;
  /** What the state is (当前状态 unless said: 类别 …). */
  stateIs?: string;
  /** The thing's page (or the page it is listed on), and the link's words (返回项目 unless said). */
  back: string;
  backTo?: string;
}

/**
 * What a step shows instead of its form when the service's rule refuses it for the thing as it stands:
 * the state by name, why, and the way back (answered 200: nothing is wrong with the request).
 */
export function closedNotice(s: Subject, verb: string, why: string | Html): Html {
  return html`<div class="box warn" role="status">
    <p>${s.kind} <strong>${s.name}</strong> ${s.stateIs ?? '当前状态'}为“<strong>${s.state}</strong>”，不能${verb}。</p>
    <p>${why}</p>
    <p><a href="${s.back}">${s.backTo ?? `返回${s.kind}`}</a></p>
  </div>`;
}

/** A project as the notice names it. */
export const projectSubject = (p: Pick<ProjectDto, 'name' | 'status'>, back: string): Subject => ({
  kind: '项目',
  name: p.name,
  state: STATUS_NAMES[p.status],
  back,
});

/** Statuses as a clerk reads them: “已验收”“验收未通过”或“已结算”. */
export function statusNames(statuses: readonly ProjectStatus[]): string {
  const named = statuses.map((s) => `“${STATUS_NAMES[s]}”`);
  return named.length > 1 ? `${named.slice(0, -1).join('')}或${named[named.length - 1]}` : named.join('');
}

/**
 * The `closed` of a step the service allows from the statuses `from` only: pass the service's own list
 * (STEP_FROM …), so that the page and the service refuse the same projects.
 */
export function closedUnless<P extends Pick<ProjectDto, 'name' | 'status'>>(
  from: readonly ProjectStatus[],
  verb: string,
  back: (p: P) => string,
): (p: P) => Html | undefined {
  return (p) =>
    from.includes(p.status)
      ? undefined
      : closedNotice(projectSubject(p, back(p)), verb, `只有状态为${statusNames(from)}的项目才能${verb}。`);
}
