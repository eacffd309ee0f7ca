import type { Finding, FindingRule } from '../../finding';
import {
  evidenceOf,
  LIVE_PROJECTS_SQL,
  paidAsOfSql,
  rowsOf,
  scopeParams,
  severityByAge,
  stepEntrySql,
  yuan,
} from './rule-sql';

interface StalledRow {
  id: string;
  name: string;
  since: string;
  days: number;
  amount: string | null;
  evidence: unknown;
}

const subject = (r: StalledRow) => ({ type: 'project' as const, id: r.id, name: r.name });

/** 批复后未开工: approved by asOf, not started by then, for at least approvedNotStartedDays. */
export const approvedNotStarted: FindingRule = {
  code: 'approved_not_started',
  title: 'Approved and not started',
  async run(em, scope, th) {
    const rows = await rowsOf<StalledRow>(
      em,
      `WITH live AS (${LIVE_PROJECTS_SQL}),
            found AS (
              SELECT p.id, p.book, p.name, p.approved_on, ($3::date - p.approved_on) AS days,
                     (SELECT sum(f.committed)::text FROM project_funding f WHERE f.project_id = p.id) AS amount
                FROM live p
               WHERE p.approved_on <= $3::date AND (p.started_on IS NULL OR p.started_on > $3::date)
                 AND $3::date - p.approved_on >= $4::numeric)
       SELECT f.id, f.name, f.approved_on::text AS since, f.days, f.amount,
              ${stepEntrySql('f', `'project.approved'`, 'f.approved_on')} AS evidence
         FROM found f
        ORDER BY f.approved_on, f.id`,
      [...scopeParams(scope), th.approvedNotStartedDays],
    );
    return rows.map((r): Finding => ({
      rule: 'approved_not_started',
      severity: severityByAge(r.days, th.approvedNotStartedDays),
      subject: subject(r),
      amount: yuan(r.amount),
      since: r.since,
      detail:
        `项目「${r.name}」于${r.since}批复,至${scope.asOf}已${r.days}天仍未开工,` +
        `已安排资金${yuan(r.amount)}元,请督促实施或按规定收回资金。`,
      detailEn:
        `Project "${r.name}" was approved on ${r.since} and had not started ${r.days} days later (${scope.asOf}); ` +
        `${yuan(r.amount)} yuan is committed to it: push for implementation or recover the funds.`,
      evidence: evidenceOf(r.evidence),
    }));
  },
};

/** 完工未验收: completed by asOf and not accepted by then, for at least completedNotAcceptedDays. */
export const completedNotAccepted: FindingRule = {
  code: 'completed_not_accepted',
  title: 'Completed and not accepted',
  async run(em, scope, th) {
    const rows = await rowsOf<StalledRow>(
      em,
      `WITH live AS (${LIVE_PROJECTS_SQL}),
            found AS (
              SELECT p.id, p.book, p.name, p.completed_on, ($3::date - p.completed_on) AS days
                FROM live p
               WHERE p.completed_on <= $3::date AND (p.accepted_on IS NULL OR p.accepted_on > $3::date)
                 AND $3::date - p.completed_on >= $4::numeric)
       SELECT f.id, f.name, f.completed_on::text AS since, f.days, NULL AS amount,
              ${stepEntrySql('f', `'project.completed'`, 'f.completed_on')} AS evidence
         FROM found f
        ORDER BY f.completed_on, f.id`,
      [...scopeParams(scope), th.completedNotAcceptedDays],
    );
    return rows.map((r): Finding => ({
      rule: 'completed_not_accepted',
      severity: severityByAge(r.days, th.completedNotAcceptedDays),
      subject: subject(r),
      since: r.since,
      detail: `项目「${r.name}」于${r.since}完工,至${scope.asOf}已${r.days}天仍未验收,请督促及时组织验收。`,
      detailEn:
        `Project "${r.name}" was completed on ${r.since} and had not been accepted ${r.days} days later ` +
        `(${scope.asOf}): have the acceptance carried out.`,
      evidence: evidenceOf(r.evidence),
    }));
  },
};

interface UnsettledRow extends StalledRow {
  final_cost: string;
  paid: string;
  retention_due: boolean;
}

/**
 * 验收未报账: accepted (passed) and still owing part of its final cost at asOf. The quality retention (质保金) is
 * only owed from its due date, so until then a project counts as settled once all but the retention is paid;
 * the clock runs from acceptance, or from the retention's due date when only the retention is left.
 */
export const acceptedNotSettled: FindingRule = {
  code: 'accepted_not_settled',
  title: 'Accepted and not settled',
  async run(em, scope, th) {
    const rows = await rowsOf<UnsettledRow>(
      em,
      `WITH acc AS (SELECT * FROM (${LIVE_PROJECTS_SQL}) l
                     WHERE l.accepted_on <= $3::date AND l.acceptance_result = 'passed'),
            paid AS (${paidAsOfSql('acc')}),
            owed AS (
              SELECT p.*, coalesce(pd.paid, 0) AS paid_fen,
                     coalesce(pd.paid, 0) >= p.final_cost - coalesce(p.retention, 0) AS retention_due
                FROM acc p LEFT JOIN paid pd ON pd.project_id = p.id
               WHERE coalesce(pd.paid, 0) < p.final_cost),
            dated AS (
              SELECT o.id, o.book, o.name, o.accepted_on, o.final_cost, o.paid_fen, o.retention_due,
                     CASE WHEN o.retention_due THEN o.retention_due_on ELSE o.accepted_on END AS since_on
                FROM owed o),
            found AS (SELECT * FROM dated d WHERE $3::date - d.since_on >= $4::numeric)
       SELECT f.id, f.name, f.final_cost::text, f.paid_fen::text AS paid, f.retention_due, f.since_on::text AS since,
              $3::date - f.since_on AS days, (f.final_cost - f.paid_fen)::text AS amount,
              ${stepEntrySql('f', `'project.accepted'`, 'f.accepted_on')} AS evidence
         FROM found f
        ORDER BY f.since_on, f.id`,
      [...scopeParams(scope), th.acceptedNotSettledDays],
    );
    return rows.map((r): Finding => {
      const what = r.retention_due ? `质保金于${r.since}到期` : `于${r.since}验收合格`;
      const whatEn = r.retention_due ? `its retention fell due on ${r.since}` : `it was accepted on ${r.since}`;
      return {
        rule: 'accepted_not_settled',
        severity: severityByAge(r.days, th.acceptedNotSettledDays),
        subject: subject(r),
        amount: yuan(r.amount),
        since: r.since,
        detail:
          `项目「${r.name}」${what},至${scope.asOf}已${r.days}天仍有${yuan(r.amount)}元未报账` +
          `(决算${yuan(r.final_cost)}元,已付${yuan(r.paid)}元),请督促及时报账结算。`,
        detailEn:
          `Project "${r.name}": ${whatEn}, and ${r.days} days later (${scope.asOf}) ${yuan(r.amount)} yuan of its ` +
          `final cost ${yuan(r.final_cost)} is still unpaid (paid ${yuan(r.paid)}): have it settled.`,
        evidence: evidenceOf(r.evidence),
      };
    });
  },
};
