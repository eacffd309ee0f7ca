import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import type { NoticeType } from './notice-content';

const NAMES: Partial<Record<NoticeType, string>> = {
  application: '申报公示',
  approval: '批复公示',
  completion: '验收公示',
};

/**
 * 先公示、后实施: a step that follows a notice (review after the application notice, start after the
 * approval notice, final payment after the completion notice) needs that notice published, its
 * period over — the step's date after periodEnd — and no objection open. Plain function on the
 * caller's EntityManager so the projects feature runs it inside its journal callback, under the
 * county book's lock, where a notice or objection cannot appear between check and write.
 *
 * The notice that counts is the latest of its type for the project: a correction replaces the one
 * it corrects (corrections must name the current notice, so the latest is never itself corrected).
 * Objections count on every notice of the chain, so a correction cannot bury an open objection.
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
