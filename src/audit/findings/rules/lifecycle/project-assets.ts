import { INDUSTRY_SQL, WORKS_SQL } from '../../../project-kind';
import type { Finding, FindingRule } from '../../finding';
import {
  EVIDENCE_LIMIT,
  evidenceOf,
  LIVE_PROJECTS_SQL,
  paidAsOfSql,
  rowsOf,
  scopeParams,
  stepEntrySql,
  yuan,
} from './rule-sql';

interface NoAssetsRow {
  id: string;
  name: string;
  since: string;
  days: number;
  paid: string;
  evidence: unknown;
}

/**
 * 已验收未确权: an industry or works project accepted (passed) at least acceptedWithoutAssetsDays before asOf with
 * no asset registered by then. High: an unregistered asset has no owner, custodian or income record (国办函〔2021〕
 * 51号). Other projects (subsidies, wages of 公益岗位, interest) form no asset, so they are not asked for one.
 */
export const acceptedWithoutAssets: FindingRule = {
  code: 'accepted_without_assets',
  title: 'Accepted without registered assets',
  async run(em, scope, th) {
    const rows = await rowsOf<NoAssetsRow>(
      em,
      `WITH acc AS (
              SELECT * FROM (${LIVE_PROJECTS_SQL}) l
               WHERE l.accepted_on <= $3::date AND l.acceptance_result = 'passed'
                 AND (${INDUSTRY_SQL('l.category')} OR ${WORKS_SQL('l.category')})
                 AND $3::date - l.accepted_on >= $4::numeric
                 AND NOT EXISTS (SELECT 1 FROM asset a WHERE a.project_id = l.id AND a.registered_on <= $3::date)),
            paid AS (${paidAsOfSql('acc')})
       SELECT p.id, p.name, p.accepted_on::text AS since, $3::date - p.accepted_on AS days,
              coalesce(pd.paid, 0)::text AS paid,
              ${stepEntrySql('p', `'project.accepted'`, 'p.accepted_on')} AS evidence
         FROM acc p LEFT JOIN paid pd ON pd.project_id = p.id
        ORDER BY p.accepted_on, p.id`,
      [...scopeParams(scope), th.acceptedWithoutAssetsDays],
    );
    return rows.map((r): Finding => ({
      rule: 'accepted_without_assets',
      severity: 'high',
      subject: { type: 'project', id: r.id, name: r.name },
      amount: yuan(r.paid),
      since: r.since,
      detail:
        `项目「${r.name}」于${r.since}验收,至${scope.asOf}已${r.days}天仍未登记确权资产` +
        `(已支付${yuan(r.paid)}元),请督促及时确权登记、明确管护主体。`,
      detailEn:
        `Project "${r.name}" was accepted on ${r.since} and ${r.days} days later (${scope.asOf}) has no registered ` +
        `asset (${yuan(r.paid)} yuan paid): have its assets registered and a custodian named.`,
      evidence: evidenceOf(r.evidence),
    }));
  },
};

interface BelowPaidRow {
  id: string;
  name: string;
  since: string;
  value: string;
  paid: string;
  gap: string;
  assets: unknown;
  payments: unknown;
}

/**
 * 资产登记价值低于支出: the assets registered for a project by asOf are worth less than what was paid for it by
 * then. Medium; high when less than half of the paid money is on the asset register.
 */
export const assetsBelowPaid: FindingRule = {
  code: 'assets_below_paid',
  title: 'Assets registered below the money paid',
  async run(em, scope) {
    const rows = await rowsOf<BelowPaidRow>(
      em,
      `WITH reg AS (
              SELECT a.project_id AS id, sum(a.value) AS value, max(a.registered_on) AS last_on,
                     json_agg(json_build_object('book', a.book, 'seq', a.entry_seq) ORDER BY a.entry_seq) AS entries
                FROM asset a JOIN project p ON p.id = a.project_id
               WHERE p.region_code BETWEEN $1 AND $2 AND a.registered_on <= $3::date
               GROUP BY a.project_id),
            paid AS (${paidAsOfSql('reg')})
       SELECT p.id, p.name, reg.value::text, pd.paid::text, (pd.paid - reg.value)::text AS gap,
              greatest(reg.last_on, pd.last_paid_on)::text AS since, reg.entries AS assets, pd.entries AS payments
         FROM reg JOIN paid pd ON pd.project_id = reg.id JOIN project p ON p.id = reg.id
        WHERE reg.value < pd.paid
        ORDER BY pd.paid - reg.value DESC, p.id`,
      scopeParams(scope),
    );
    return rows.map((r): Finding => ({
      rule: 'assets_below_paid',
      severity: BigInt(r.value) * 2n < BigInt(r.paid) ? 'high' : 'medium',
      subject: { type: 'project', id: r.id, name: r.name },
      amount: yuan(r.gap),
      since: r.since,
      detail:
        `项目「${r.name}」已支付${yuan(r.paid)}元,登记资产价值仅${yuan(r.value)}元,相差${yuan(r.gap)}元,` +
        `请核实资产价值并补充确权登记。`,
      detailEn:
        `Project "${r.name}" paid ${yuan(r.paid)} yuan but its registered assets are worth ${yuan(r.value)}, ` +
        `${yuan(r.gap)} less: check the asset values and register the rest.`,
      evidence: [...evidenceOf(r.assets), ...evidenceOf(r.payments)].slice(0, EVIDENCE_LIMIT),
    }));
  },
};
