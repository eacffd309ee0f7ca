import { projectKind } from '../../project-kind';
import { INDUSTRY_SQL } from '../../project-kind';
import type { Finding, FindingRule } from '../finding';
import {
  EVIDENCE,
  evidenceOf,
  LIVE_PAYMENTS,
  PAYEE_NAME,
  payeeSubject,
  percent,
  ruleScope,
  thresholdFen,
  yuan,
} from './rule-sql';

/**
 * 化整为零: payments to one payee, each under the threshold, that together pass it within the window — per
 * project, and per township across projects. Every payment anchors a window; the fullest window per payee and
 * group is reported.
 */
export const splitPayments: FindingRule = {
  code: 'split_payments',
  title: 'Payments split under the threshold',
  async run(em, scope, t) {
    const s = await ruleScope(em, scope);
    const limit = thresholdFen(t.splitThresholdYuan);
    const found: Finding[] = [];
    const seen = new Set<string>();
    for (const group of ['project_id::text', 'left(region_code, 9)'] as const) {
      // Only payee-groups whose small payments pass the threshold at all are windowed: a window per payment
      // (RANGE over the dates, one sort per group), the fullest per group, then its payments — no self-join.
      const rows: Array<Record<string, string>> = await em.query(
        `WITH pay AS NOT MATERIALIZED (
           SELECT id, payee_key, ${group} AS grp, paid_on, amount, project_id, book, entry_seq, household_id, payee_name
             FROM (${LIVE_PAYMENTS}) x WHERE amount < $4),
         cand AS (SELECT payee_key, grp FROM pay GROUP BY 1, 2 HAVING count(*) >= 2 AND sum(amount) > $4),
         p2 AS MATERIALIZED (SELECT pay.* FROM pay JOIN cand USING (payee_key, grp)),
         win AS (
           SELECT payee_key, grp, paid_on, sum(amount) OVER w AS total, count(*) OVER w AS n
             FROM p2
           WINDOW w AS (PARTITION BY payee_key, grp ORDER BY paid_on
                        RANGE BETWEEN CURRENT ROW AND make_interval(days => $5::int) FOLLOWING)),
         best AS (
           SELECT DISTINCT ON (payee_key, grp) payee_key, grp, paid_on AS since
             FROM win WHERE n >= 2 AND total > $4 ORDER BY payee_key, grp, total DESC, paid_on)
         SELECT best.payee_key, best.grp, sum(b.amount) AS total, count(*) AS n,
                count(DISTINCT b.project_id) AS projects, to_char(best.since, 'YYYY-MM-DD') AS since_on,
                to_char(max(b.paid_on), 'YYYY-MM-DD') AS until_on, max(${PAYEE_NAME('b')}) AS payee_name,
                max(b.household_id::text) AS household_id,
                max((SELECT pr.name FROM project pr WHERE pr.id = b.project_id)) AS project_name,
                ${EVIDENCE('b.book', 'b.entry_seq', 'b.paid_on, b.entry_seq')} AS evidence
           FROM best JOIN p2 b ON b.payee_key = best.payee_key AND b.grp = best.grp
                               AND b.paid_on BETWEEN best.since AND best.since + $5::int
          GROUP BY best.payee_key, best.grp, best.since`,
        [s.books, s.like, s.asOf, limit.toString(), t.splitWindowDays],
      );
      for (const r of rows) {
        const evidence = evidenceOf(r.evidence);
        const key = `${r.payee_key}:${evidence.map((e) => e.seq).join(',')}`;
        // The same payments seen per project are not reported again per township.
        if (seen.has(key) || (group !== 'project_id::text' && Number(r.projects) < 2)) continue;
        seen.add(key);
        const where = group === 'project_id::text' ? `项目「${r.project_name}」` : `乡镇 ${r.grp}000 的多个项目`;
        const whereEn = group === 'project_id::text' ? `project ${r.project_name}` : `projects of township ${r.grp}000`;
        found.push({
          rule: 'split_payments',
          severity: 'high',
          subject: payeeSubject(r as never),
          amount: yuan(r.total),
          since: r.since_on,
          detail:
            `${where}在 ${r.since_on} 至 ${r.until_on} 向「${r.payee_name}」支付 ${r.n} 笔,每笔低于 ` +
            `${t.splitThresholdYuan} 元,合计 ${yuan(r.total)} 元,疑似化整为零规避审批或招标。请核查合同与审批手续。`,
          detailEn:
            `${whereEn} paid ${r.payee_name} ${r.n} times between ${r.since_on} and ${r.until_on}, each under ` +
            `${t.splitThresholdYuan} yuan, ${yuan(r.total)} in all: possibly split to avoid approval or tendering. ` +
            'Check the contract and approvals.',
          evidence,
        });
      }
    }
    return found;
  },
};

/** 超合同支付: a project paid more than its contract amount; the payments past the contract are the evidence. */
export const overContract: FindingRule = {
  code: 'over_contract',
  title: 'Paid above the contract amount',
  async run(em, scope) {
    const s = await ruleScope(em, scope);
    const rows: Array<Record<string, string>> = await em.query(
      `WITH pay AS NOT MATERIALIZED (SELECT * FROM (${LIVE_PAYMENTS}) x WHERE contract_amount IS NOT NULL),
       over AS (SELECT project_id FROM pay GROUP BY project_id HAVING sum(amount) > max(contract_amount)),
       run AS (
         SELECT pay.*, sum(amount) OVER (PARTITION BY project_id ORDER BY paid_on, entry_seq) AS running
           FROM pay JOIN over USING (project_id))
       SELECT project_id, (SELECT name FROM project WHERE id = project_id) AS name,
              max(contract_amount) AS contract, sum(amount) AS paid,
              to_char(min(paid_on) FILTER (WHERE running > contract_amount), 'YYYY-MM-DD') AS since,
              (json_agg(json_build_object('book', book, 'seq', entry_seq) ORDER BY paid_on, entry_seq)
                 FILTER (WHERE running > contract_amount)) AS evidence
         FROM run GROUP BY project_id`,
      [s.books, s.like, s.asOf],
    );
    return rows.map((r): Finding => {
      const over = BigInt(r.paid) - BigInt(r.contract);
      return {
        rule: 'over_contract',
        severity: 'high',
        subject: { type: 'project', id: r.project_id, name: r.name },
        amount: yuan(over),
        since: r.since,
        detail:
          `项目「${r.name}」合同金额 ${yuan(r.contract)} 元,已支付 ${yuan(r.paid)} 元,超合同支付 ${yuan(over)} 元。` +
          '请核查是否有变更手续,多付部分应追回。',
        detailEn:
          `Project ${r.name} has a contract of ${yuan(r.contract)} yuan and was paid ${yuan(r.paid)}, ` +
          `${yuan(over)} above it. Check for an approved change; recover what was overpaid.`,
        evidence: evidenceOf(r.evidence),
      };
    });
  },
};

/** 工程款支付给个人: works (roads, water, buildings) are paid to their contractor, never to a household. */
export const worksPaidToIndividual: FindingRule = {
  code: 'works_paid_to_individual',
  title: 'Works project paid to an individual',
  async run(em, scope) {
    const s = await ruleScope(em, scope);
    const rows: Array<Record<string, string>> = await em.query(
      `SELECT project_id, (SELECT name FROM project WHERE id = project_id) AS name, max(category) AS category,
              sum(amount) AS paid, count(*) AS n,
              to_char(min(paid_on), 'YYYY-MM-DD') AS since,
              ${EVIDENCE('book', 'entry_seq', 'paid_on, entry_seq')} AS evidence
         FROM (${LIVE_PAYMENTS}) x WHERE payee_type = 'household' GROUP BY project_id`,
      [s.books, s.like, s.asOf],
    );
    return rows
      .filter((r) => projectKind(r.category) === 'works')
      .map((r): Finding => ({
        rule: 'works_paid_to_individual',
        severity: 'high',
        subject: { type: 'project', id: r.project_id, name: r.name },
        amount: yuan(r.paid),
        since: r.since,
        detail:
          `工程类项目「${r.name}」(${r.category})向个人(农户)支付 ${r.n} 笔,共 ${yuan(r.paid)} 元。` +
          '工程款应支付给施工单位,请核查是否以个人名义套取资金。',
        detailEn:
          `The works project ${r.name} (${r.category}) paid households ${r.n} times, ${yuan(r.paid)} yuan in ` +
          'all. Works are paid to their contractor; check whether money was drawn in individuals’ names.',
        evidence: evidenceOf(r.evidence),
      }));
  },
};

/** 产业资金直接发钱: an industry project that hands most of its money to households in cash builds nothing. */
export const industryCashToHouseholds: FindingRule = {
  code: 'industry_cash_to_households',
  title: 'Industry money paid straight to households',
  async run(em, scope, t) {
    const s = await ruleScope(em, scope);
    const rows: Array<Record<string, string>> = await em.query(
      `SELECT project_id, (SELECT name FROM project WHERE id = project_id) AS name, sum(amount) AS paid,
              sum(amount) FILTER (WHERE payee_type = 'household') AS households,
              to_char(min(paid_on) FILTER (WHERE payee_type = 'household'), 'YYYY-MM-DD') AS since,
              (json_agg(json_build_object('book', book, 'seq', entry_seq) ORDER BY paid_on, entry_seq)
                 FILTER (WHERE payee_type = 'household')) AS evidence
         FROM (${LIVE_PAYMENTS}) x WHERE ${INDUSTRY_SQL('category')}
        GROUP BY project_id
       HAVING sum(amount) FILTER (WHERE payee_type = 'household') * 100 >= $4::numeric * sum(amount)`,
      [s.books, s.like, s.asOf, t.industryToHouseholdsPercent],
    );
    return rows.map((r): Finding => {
      const p = percent(BigInt(r.households), BigInt(r.paid));
      return {
        rule: 'industry_cash_to_households',
        severity: 'medium',
        subject: { type: 'project', id: r.project_id, name: r.name },
        amount: yuan(r.households),
        since: r.since,
        detail:
          `产业项目「${r.name}」已支付 ${yuan(r.paid)} 元,其中 ${yuan(r.households)} 元(${p}%)直接发放给农户,` +
          `达到 ${t.industryToHouseholdsPercent}% 以上。请核查是否以发钱代替发展产业。`,
        detailEn:
          `The industry project ${r.name} paid ${yuan(r.paid)} yuan, ${yuan(r.households)} (${p}%) of it straight ` +
          `to households (at least ${t.industryToHouseholdsPercent}%). Check that it builds an industry rather ` +
          'than handing out cash.',
        evidence: evidenceOf(r.evidence),
      };
    });
  },
};
