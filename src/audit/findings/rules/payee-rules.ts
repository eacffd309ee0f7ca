import { isWithin } from '../../../common/region-code';
import { maskAccount } from '../../../projects/project-read.service';
import type { Finding, FindingRule } from '../finding';
import {
  EVIDENCE,
  evidenceOf,
  LIVE_PAYMENTS,
  PAYEE_NAME,
  payeeSubject,
  percent,
  REVERSED_AFTER,
  ruleScope,
  yuan,
} from './rule-sql';

/**
 * 虚报冒领: one bank account receiving payments under several payee names. The account number is personal data:
 * it is read to group by and leaves this function masked.
 */
export const oneAccountManyNames: FindingRule = {
  code: 'one_account_many_names',
  title: 'One account under several payee names',
  async run(em, scope) {
    const s = await ruleScope(em, scope);
    const rows: Array<{ account_no: string; names: string[]; total: string; since: string; evidence: unknown }> =
      await em.query(
        `WITH acc AS MATERIALIZED (
           SELECT a.account_no, x.id, x.household_id, x.payee_name, x.amount, x.paid_on, x.book, x.entry_seq,
                  coalesce(x.household_id::text, 'name:' || x.payee_name) AS who
             FROM (${LIVE_PAYMENTS}) x JOIN disbursement_payee_account a ON a.disbursement_id = x.id),
         multi AS (SELECT account_no FROM acc GROUP BY account_no HAVING min(who) <> max(who))
         SELECT acc.account_no, array_agg(DISTINCT ${PAYEE_NAME('acc')}) AS names, sum(acc.amount) AS total,
                to_char(min(acc.paid_on), 'YYYY-MM-DD') AS since,
                ${EVIDENCE('acc.book', 'acc.entry_seq', 'acc.paid_on, acc.entry_seq')} AS evidence
           FROM acc JOIN multi USING (account_no) GROUP BY acc.account_no`,
        [s.books, s.like, s.asOf],
      );
    return rows.map((r): Finding => {
      const masked = maskAccount(r.account_no);
      const names = r.names.join('、');
      return {
        rule: 'one_account_many_names',
        severity: 'high',
        subject: { type: 'payee', id: masked, name: `账户 ${masked}` },
        amount: yuan(r.total),
        since: r.since,
        detail:
          `同一收款账户 ${masked} 以 ${r.names.length} 个收款人名义(${names})收款,合计 ${yuan(r.total)} 元,` +
          '疑似虚报冒领。请核实账户实际持有人。',
        detailEn:
          `One account ${masked} was paid under ${r.names.length} payee names (${names}), ${yuan(r.total)} yuan ` +
          'in all: possibly false claims. Check who holds the account.',
        evidence: evidenceOf(r.evidence),
      };
    });
  },
};

/** 退出后仍有支付或分配: a household that left the list (household.until) is no longer paid as one. */
export const paidAfterExit: FindingRule = {
  code: 'paid_after_exit',
  title: 'Paid after leaving the list',
  async run(em, scope) {
    const s = await ruleScope(em, scope);
    const rows: Array<Record<string, string>> = await em.query(
      `WITH x AS (
         SELECT household_id, book, entry_seq, amount, paid_on AS on_date, 'payment' AS what
           FROM (${LIVE_PAYMENTS}) p WHERE household_id IS NOT NULL
         UNION ALL
         SELECT ad.household_id, ad.book, ad.entry_seq, ad.amount, ad.distributed_on, 'distribution'
           FROM asset_distribution ad
          WHERE ad.book = ANY($1) AND ad.household_id IS NOT NULL AND ad.distributed_on <= $3::date
            AND (ad.reversed_seq IS NULL OR ${REVERSED_AFTER('ad', '$3')}))
       SELECT h.id, h.head_name, to_char(h.until, 'YYYY-MM-DD') AS until, sum(x.amount) AS total, count(*) AS n,
              count(*) FILTER (WHERE x.what = 'distribution') AS distributions,
              to_char(min(x.on_date), 'YYYY-MM-DD') AS since,
              ${EVIDENCE('x.book', 'x.entry_seq', 'x.on_date, x.entry_seq')} AS evidence
         FROM x JOIN household h ON h.id = x.household_id
        WHERE h.until IS NOT NULL AND x.on_date > h.until AND h.region_code LIKE $2
        GROUP BY h.id`,
      [s.books, s.like, s.asOf],
    );
    return rows.map((r): Finding => ({
      rule: 'paid_after_exit',
      severity: 'high',
      subject: { type: 'household', id: r.id, name: r.head_name },
      amount: yuan(r.total),
      since: r.since,
      detail:
        `农户「${r.head_name}」已于 ${r.until} 退出名单,此后仍收到 ${r.n} 笔款项(其中资产收益分配 ${r.distributions} 笔),` +
        `共 ${yuan(r.total)} 元。请核实并追回。`,
      detailEn:
        `Household ${r.head_name} left the list on ${r.until} and was still paid ${r.n} times (${r.distributions} ` +
        `asset income distributions), ${yuan(r.total)} yuan in all. Check and recover.`,
      evidence: evidenceOf(r.evidence),
    }));
  },
};

/** 收款集中: one payee taking more than the share of a county-year's payments (years by the projects' year). */
export const payeeConcentration: FindingRule = {
  code: 'payee_concentration',
  title: 'Payments concentrated on one payee',
  async run(em, scope, t) {
    const s = await ruleScope(em, scope);
    const rows: Array<Record<string, string>> = await em.query(
      `WITH pay AS NOT MATERIALIZED (${LIVE_PAYMENTS}),
       x AS (SELECT book, year, payee_key, sum(amount) AS paid, count(*) AS n FROM pay GROUP BY 1, 2, 3),
       t AS (SELECT book, year, sum(paid) AS total, count(*) AS payees FROM x GROUP BY book, year),
       hit AS (
         SELECT x.*, t.total FROM x JOIN t USING (book, year)
          WHERE t.payees >= $4 AND x.paid * 100 > $5::numeric * t.total)
       SELECT hit.book, hit.year, hit.payee_key, hit.paid, hit.n, hit.total,
              (SELECT coalesce(g.name, hit.book) FROM (SELECT 1) one LEFT JOIN region g ON g.code = hit.book) AS county,
              max(${PAYEE_NAME('p')}) AS payee_name, max(p.household_id::text) AS household_id,
              to_char(min(p.paid_on), 'YYYY-MM-DD') AS since,
              ${EVIDENCE('p.book', 'p.entry_seq', 'p.paid_on, p.entry_seq')} AS evidence
         FROM hit JOIN pay p USING (book, year, payee_key)
        GROUP BY hit.book, hit.year, hit.payee_key, hit.paid, hit.n, hit.total
        ORDER BY hit.book, hit.year, hit.paid DESC`,
      [s.books, s.like, s.asOf, t.payeeConcentrationMinPayees, t.payeeConcentrationPercent],
    );
    return rows
      .filter((r) => isWithin(scope.regionCode, r.book))
      .map((r): Finding => {
        const p = percent(BigInt(r.paid), BigInt(r.total));
        return {
          rule: 'payee_concentration',
          severity: 'medium',
          subject: payeeSubject(r as never),
          amount: yuan(r.paid),
          since: r.since,
          detail:
            `${r.county} ${r.year} 年度项目共支付 ${yuan(r.total)} 元,其中「${r.payee_name}」收款 ${r.n} 笔 ` +
            `${yuan(r.paid)} 元,占 ${p}%,超过 ${t.payeeConcentrationPercent}%。请核查招标采购是否公平、有无关联关系。`,
          detailEn:
            `Of ${yuan(r.total)} yuan paid for ${r.book}'s ${r.year} projects, ${r.payee_name} received ` +
            `${yuan(r.paid)} in ${r.n} payments (${p}%, over ${t.payeeConcentrationPercent}%). Check that ` +
            'procurement was fair and the payee is not related.',
          evidence: evidenceOf(r.evidence),
        };
      });
  },
};
