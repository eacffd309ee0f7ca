import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import type { NoticeType } from './notice-content';

const NAMES: Partial<Record<NoticeType, string>> = {
  application: '申报公示',
  approval: '批复公示',
  completion: '验收公示',
};

/**
 * 先公示、后实施: the step after a notice needs it published, its period over and no objection open;
 * run in the projects' journal callback, under the county book's lock, so nothing appears between
 * check and write. The latest notice of the type counts (a correction replaces what it corrects), and
 * objections count on the whole chain, so a correction cannot bury one.
 */
export async function assertNoticeGate(
  em: EntityManager,
  projectId: string,
  type: NoticeType,
  on: string,
  action: string,
): Promise<void> {
  const notices: Array<{ id: string; period_end: string | null }> = await em.query(
    `SELECT id, period_end::text FROM notice WHERE project_id = $1 AND type = $2 ORDER BY seq DESC`,
    [projectId, type],
  );
  const name = NAMES[type] ?? type;
  if (!notices.length) {
    throw new DomainError(
      'NOTICE_REQUIRED',
      `Cannot ${action}: no ${type} notice (${name}) has been published for the project / 未经${name},不得办理`,
      { noticeType: type },
    );
  }
  const latest = notices[0];
  if (latest.period_end !== null && on <= latest.period_end) {
    throw new DomainError(
      'NOTICE_PERIOD_NOT_OVER',
      `Cannot ${action} on ${on}: the ${type} notice (${name}) runs until ${latest.period_end} / ${name}公示期未满`,
      { noticeId: latest.id, periodEnd: latest.period_end, date: on },
    );
  }
  const open: Array<{ id: string; notice_id: string }> = await em.query(
    `SELECT id, notice_id FROM objection WHERE notice_id = ANY($1::uuid[]) AND status = 'open' ORDER BY filed_seq`,
    [notices.map((n) => n.id)],
  );
  if (open.length) {
    throw new DomainError(
      'OBJECTION_UNRESOLVED',
      `Cannot ${action}: ${open.length} objection(s) to the ${type} notice are not resolved / ${name}有未处理的异议`,
      {
        noticeId: latest.id,
        objections: open.map((o) => o.id),
      },
    );
  }
}
