import type { ProjectDto } from '../../projects/dto/project-view.dto';
import type { ProjectStatus } from '../../projects/project.entity';
import { type Html, html } from '../../public/html';
import { STATUS_NAMES } from './labels';

type Shown = Pick<ProjectDto, 'name' | 'status'>;

/**
 * What a step shows instead of its form when the service's rule refuses it for the project as it stands:
 * the status by name, why, and the way back to the project (answered 200: nothing is wrong with the request).
 */
export function closedNotice(p: Shown, verb: string, why: string | Html, back: string): Html {
  return html`<div class="box warn" role="status">
    <p>项目 <strong>${p.name}</strong> 当前状态为“<strong>${STATUS_NAMES[p.status]}</strong>”，不能${verb}。</p>
    <p>${why}</p>
    <p><a href="${back}">返回项目</a></p>
  </div>`;
}

/** Statuses as a clerk reads them: “已验收”“验收未通过”或“已结算”. */
export function statusNames(statuses: readonly ProjectStatus[]): string {
  const named = statuses.map((s) => `“${STATUS_NAMES[s]}”`);
  return named.length > 1 ? `${named.slice(0, -1).join('')}或${named[named.length - 1]}` : named.join('');
}

/**
 * The `closed` of a step the service allows from the statuses `from` only: pass the service's own list
 * (STEP_FROM …), so that the page and the service refuse the same projects.
 */
export function closedUnless<P extends Shown>(
  from: readonly ProjectStatus[],
  verb: string,
  back: (p: P) => string,
): (p: P) => Html | undefined {
  return (p) =>
    from.includes(p.status)
      ? undefined
      : closedNotice(p, verb, `只有状态为${statusNames(from)}的项目才能${verb}。`, back(p));
}
