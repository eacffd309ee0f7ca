import type { Finding, FindingRule } from '../../finding';
import { evidenceOf, LIVE_PROJECTS_SQL, rowsOf, scopeParams, stepEntrySql, yuan } from './rule-sql';

/** The notice each project stage needs (三公示), the stage's date column and its journal entry type. */
const STAGES = [
  { notice: 'application', name: '申报公示', step: '申报', stepEn: 'applied', column: 'applied_on', entry: 'applied' },
  { notice: 'approval', name: '批复公示', step: '批复', stepEn: 'approved', column: 'approved_on', entry: 'approved' },
  {
    notice: 'completion',
    name: '验收公示',
    step: '验收',
    stepEn: 'accepted',
    column: 'accepted_on',
    entry: 'accepted',
  },
] as const;

interface MissingNoticeRow {
  id: string;
  name: string;
  notice: (typeof STAGES)[number]['notice'];
  since: string;
  days: number;
  evidence: unknown;
}

/**
 * 未公示: a live project whose stage (application, approval, passed acceptance) is at least noticeMissingDays
 * old at asOf with no notice of that stage issued by then. High: publicity is what lets villagers object before
 * the money moves (DOMAIN.md 三公示一公告).
 */
export const noticeMissing: FindingRule = {
  code: 'notice_missing',
  title: 'Project stage without its notice',
  async run(em, scope, th) {
    const stages = STAGES.map(
      (s) => `SELECT p.id, p.name, p.book, '${s.notice}' AS notice, p.${s.column} AS on_date,
                     'project.${s.entry}' AS entry_type
                FROM live p WHERE p.${s.column} <= $3::date AND $3::date - p.${s.column} >= $4::numeric
                 ${s.notice === 'completion' ? `AND p.acceptance_result = 'passed'` : ''}`,
    );
    const rows = await rowsOf<MissingNoticeRow>(
      em,
      `WITH live AS (${LIVE_PROJECTS_SQL}),
            stage AS (${stages.join(' UNION ALL ')}),
            found AS (
              SELECT s.* FROM stage s
               WHERE NOT EXISTS (SELECT 1 FROM notice n
                                  WHERE n.project_id = s.id AND n.type = s.notice AND n.issued_on <= $3::date))
       SELECT f.id, f.name, f.notice, f.on_date::text AS since, $3::date - f.on_date AS days,
              ${stepEntrySql('f', 'f.entry_type', 'f.on_date')} AS evidence
         FROM found f
        ORDER BY f.on_date, f.id, f.notice`,
      [...scopeParams(scope), th.noticeMissingDays],
    );
    return rows.map((r): Finding => {
      const stage = STAGES.find((s) => s.notice === r.notice)!;
      return {
        rule: 'notice_missing',
        severity: 'high',
        subject: { type: 'project', id: r.id, name: r.name },
        since: r.since,
        detail:
          `项目「${r.name}」于${r.since}${stage.step},至${scope.asOf}已${r.days}天仍未发布${stage.name},` +
          `请督促及时公示并接受群众监督。`,
        detailEn:
          `Project "${r.name}" was ${stage.stepEn} on ${r.since} and ${r.days} days later (${scope.asOf}) its ` +
          `${stage.notice} notice has not been published: have it published for public scrutiny.`,
        evidence: evidenceOf(r.evidence),
      };
    });
  },
};

interface MissingAnnouncementRow {
  county: string;
  county_name: string | null;
  year: number;
  since: string;
  days: number;
  amount: string;
  funds: number;
  evidence: unknown;
}

/**
 * 未公告: a county-year whose books received money (allocations from above and the county's own fund documents,
 * as the announcement lists them) at least announcementMissingDays before asOf, with no announcement of that
 * year issued by then. The year of an announcement is the one in its title (…2024年度…公告), as the notice
 * table does not keep it separately. High: the announcement is the county's standing public account.
 */
export const announcementMissing: FindingRule = {
  code: 'announcement_missing',
  title: 'County-year without its announcement',
  async run(em, scope, th) {
    const rows = await rowsOf<MissingAnnouncementRow>(
      em,
      `WITH cy AS (
              SELECT f.book AS county, f.year, sum(f.amount) AS amount, min(f.issued_on) AS first_on,
                     count(*)::int AS funds,
                     json_agg(json_build_object('book', f.book, 'seq', f.entry_seq) ORDER BY f.entry_seq) AS evidence
                FROM fund f
               WHERE f.book BETWEEN $1 AND $2 AND f.issued_on <= $3::date
                 AND substr(f.book, 5, 2) <> '00' AND substr(f.book, 7) = '000000'
               GROUP BY f.book, f.year)
       SELECT cy.county, r.name AS county_name, cy.year, cy.first_on::text AS since, $3::date - cy.first_on AS days,
              cy.amount::text, cy.funds, cy.evidence
         FROM cy LEFT JOIN region r ON r.code = cy.county
        WHERE $3::date - cy.first_on >= $4::numeric
          AND NOT EXISTS (
                SELECT 1 FROM notice n
                 WHERE n.type = 'announcement' AND n.region_code = cy.county AND n.issued_on <= $3::date
                   AND coalesce(substring(n.title FROM '([0-9]{4})年度')::int,
                                extract(year FROM n.issued_on)::int) = cy.year)
        ORDER BY cy.county, cy.year`,
      [...scopeParams(scope), th.announcementMissingDays],
    );
    return rows.map((r): Finding => {
      const name = r.county_name ?? r.county;
      const amount = yuan(r.amount);
      return {
        rule: 'announcement_missing',
        severity: 'high',
        subject: { type: 'region', id: r.county, name },
        amount,
        since: r.since,
        detail:
          `${name}${r.year}年度已下达资金${r.funds}笔共${amount}元(首笔${r.since}),至${scope.asOf}已${r.days}天` +
          `仍未发布资金分配结果公告,请督促县级及时公告。`,
        detailEn:
          `${name} (${r.county}) received ${r.funds} fund(s) totalling ${amount} yuan for ${r.year}, the first on ` +
          `${r.since}, and ${r.days} days later (${scope.asOf}) has published no allocation announcement for the ` +
          `year: have the county publish it.`,
        evidence: evidenceOf(r.evidence),
      };
    });
  },
};
