import type { Finding, FindingRule } from '../../finding';
import {
  EVIDENCE_LIMIT,
  evidenceOf,
  HELD_ASSETS_SQL,
  monthsBetweenSql,
  notReversedAsOf,
  rowsOf,
  scopeParams,
  severityByAge,
  yuan,
} from './rule-sql';

const asset = (r: { id: string; name: string }) => ({ type: 'asset' as const, id: r.id, name: r.name });

interface NoIncomeRow {
  id: string;
  name: string;
  asset_no: string;
  value: string;
  since: string;
  had_income: boolean;
  months: number;
  evidence: unknown;
}

/**
 * 经营性资产无收益: an operating asset held at asOf whose last income (or, with none, its registration) is at least
 * assetNoIncomeMonths old. The evidence is that last income entry or the registration.
 */
export const assetWithoutIncome: FindingRule = {
  code: 'asset_without_income',
  title: 'Operating asset without income',
  async run(em, scope, th) {
    const rows = await rowsOf<NoIncomeRow>(
      em,
      `WITH ops AS (SELECT * FROM (${HELD_ASSETS_SQL}) h WHERE h.asset_class = 'operating'),
            last AS (
              SELECT DISTINCT ON (i.asset_id) i.asset_id, i.received_on, i.book, i.entry_seq
                FROM asset_income i JOIN ops o ON o.id = i.asset_id
               WHERE i.received_on <= $3::date AND ${notReversedAsOf('i')}
               ORDER BY i.asset_id, i.received_on DESC, i.entry_seq DESC),
            quiet AS (
              SELECT o.id, o.name, o.asset_no, o.value, coalesce(l.received_on, o.registered_on) AS since_on,
                     l.asset_id IS NOT NULL AS had_income, coalesce(l.book, o.book) AS book,
                     coalesce(l.entry_seq, o.entry_seq) AS seq
                FROM ops o LEFT JOIN last l ON l.asset_id = o.id)
       SELECT q.id, q.name, q.asset_no, q.value::text, q.since_on::text AS since, q.had_income,
              ${monthsBetweenSql('q.since_on', '$3::date')} AS months,
              json_build_array(json_build_object('book', q.book, 'seq', q.seq)) AS evidence
         FROM quiet q
        WHERE q.since_on + ($4::float8 * interval '1 month') <= $3::date
        ORDER BY q.since_on, q.id`,
      [...scopeParams(scope), th.assetNoIncomeMonths],
    );
    return rows.map((r): Finding => {
      const from = r.had_income ? `上次收益(${r.since})` : `登记(${r.since})`;
      const fromEn = r.had_income ? `its last income on ${r.since}` : `its registration on ${r.since}`;
      return {
        rule: 'asset_without_income',
        severity: severityByAge(r.months, th.assetNoIncomeMonths),
        subject: asset(r),
        amount: yuan(r.value),
        since: r.since,
        detail:
          `经营性资产「${r.name}」(${r.asset_no},价值${yuan(r.value)}元)自${from}起至${scope.asOf}已${r.months}个月` +
          `无收益记录,请核查经营状况,及时登记收益或盘活资产。`,
        detailEn:
          `Operating asset "${r.name}" (${r.asset_no}, worth ${yuan(r.value)} yuan) has recorded no income for ` +
          `${r.months} months since ${fromEn} (${scope.asOf}): check how it is run and record its income.`,
        evidence: evidenceOf(r.evidence),
      };
    });
  },
};

interface UndistributedRow {
  id: string;
  name: string;
  asset_no: string;
  since: string;
  overdue: string;
  waiting: string;
  months: number;
  evidence: unknown;
}

/**
 * 收益未分配: income received by asOf and still undistributed then, at least incomeUndistributedMonths after it
 * came in. Distributions pay the oldest income first, so the overdue amount is the income received up to the
 * cut-off date less everything distributed by asOf.
 */
export const incomeUndistributed: FindingRule = {
  code: 'income_undistributed',
  title: 'Income not distributed',
  async run(em, scope, th) {
    const rows = await rowsOf<UndistributedRow>(
      em,
      `WITH held AS (${HELD_ASSETS_SQL}),
            inc AS (
              SELECT i.asset_id, i.received_on, i.book, i.entry_seq, i.amount,
                     sum(i.amount) OVER (PARTITION BY i.asset_id ORDER BY i.received_on, i.entry_seq) AS cum,
                     i.received_on + ($4::float8 * interval '1 month') <= $3::date AS old
                FROM asset_income i JOIN held a ON a.id = i.asset_id
               WHERE i.received_on <= $3::date AND ${notReversedAsOf('i')}),
            dist AS (
              SELECT d.asset_id, sum(d.amount) AS total
                FROM asset_distribution d JOIN held a ON a.id = d.asset_id
               WHERE d.distributed_on <= $3::date AND ${notReversedAsOf('d')}
               GROUP BY d.asset_id),
            waiting AS (
              SELECT inc.*, coalesce(dist.total, 0) AS distributed
                FROM inc LEFT JOIN dist ON dist.asset_id = inc.asset_id
               WHERE inc.cum > coalesce(dist.total, 0)),
            per_asset AS (
              SELECT w.asset_id, min(w.received_on) AS since_on,
                     max(w.cum) FILTER (WHERE w.old) - min(w.distributed) AS overdue,
                     max(w.cum) - min(w.distributed) AS waiting,
                     json_agg(json_build_object('book', w.book, 'seq', w.entry_seq) ORDER BY w.entry_seq)
                       FILTER (WHERE w.old) AS evidence
                FROM waiting w GROUP BY w.asset_id)
       SELECT a.id, a.name, a.asset_no, pa.since_on::text AS since, pa.overdue::text, pa.waiting::text,
              ${monthsBetweenSql('pa.since_on', '$3::date')} AS months, pa.evidence
         FROM per_asset pa JOIN held a ON a.id = pa.asset_id
        WHERE pa.overdue > 0
        ORDER BY pa.since_on, a.id`,
      [...scopeParams(scope), th.incomeUndistributedMonths],
    );
    return rows.map((r): Finding => ({
      rule: 'income_undistributed',
      severity: severityByAge(r.months, th.incomeUndistributedMonths),
      subject: asset(r),
      amount: yuan(r.overdue),
      since: r.since,
      detail:
        `资产「${r.name}」(${r.asset_no})自${r.since}起取得的收益中有${yuan(r.overdue)}元至${scope.asOf}` +
        `已超过${th.incomeUndistributedMonths}个月未分配(未分配合计${yuan(r.waiting)}元),请按收益分配方案及时分配。`,
      detailEn:
        `Asset "${r.name}" (${r.asset_no}): ${yuan(r.overdue)} yuan of income received since ${r.since} has waited ` +
        `more than ${th.incomeUndistributedMonths} months undistributed at ${scope.asOf} ` +
        `(${yuan(r.waiting)} undistributed in all): distribute it as the plan says.`,
      evidence: evidenceOf(r.evidence),
    }));
  },
};

interface SkippedRow {
  id: string;
  name: string;
  asset_no: string;
  village_code: string;
  year: number;
  since: string;
  total: string;
  households: number;
  head_names: string[];
  evidence: Array<{ book: string; seq: number }>;
}

/**
 * 分配未优先无劳动能力户: in a calendar year (up to asOf) an asset paid out income while listed households of its
 * village without labour capacity got nothing from it that year — the check the distribution route only warns
 * about (asset-money.service.ts). High: the priority protects the households least able to fend for themselves.
 */
export const distributionSkippedPriority: FindingRule = {
  code: 'distribution_skipped_priority',
  title: 'Distribution skipped households without labour capacity',
  async run(em, scope) {
    const rows = await rowsOf<SkippedRow>(
      em,
      `WITH held AS (SELECT * FROM (${HELD_ASSETS_SQL}) h WHERE h.village_code IS NOT NULL),
            dist AS (
              SELECT d.asset_id, extract(year FROM d.distributed_on)::int AS year, d.distributed_on,
                     d.household_id, d.amount, d.book, d.entry_seq
                FROM asset_distribution d JOIN held a ON a.id = d.asset_id
               WHERE d.distributed_on <= $3::date AND ${notReversedAsOf('d')}),
            -- Each asset-year's days and paid households as arrays: a CTE has no index, and a correlated lookup
            -- into it per household made the rule quadratic on a real province.
            years AS (
              SELECT dist.asset_id, dist.year, sum(dist.amount) AS total, min(dist.distributed_on) AS first_on,
                     array_agg(DISTINCT dist.distributed_on) AS dates,
                     coalesce(array_agg(DISTINCT dist.household_id) FILTER (WHERE dist.household_id IS NOT NULL), '{}')
                       AS paid,
                     json_agg(DISTINCT jsonb_build_object('book', dist.book, 'seq', dist.entry_seq)) AS evidence
                FROM dist GROUP BY dist.asset_id, dist.year),
            skipped AS (
              SELECT y.asset_id, y.year, h.id, h.head_name
                FROM years y JOIN held a ON a.id = y.asset_id
                JOIN household h ON h.region_code = a.village_code AND h.labor_capacity = 'none'
                 AND h.region_code BETWEEN $1 AND $2
               WHERE EXISTS (SELECT 1 FROM unnest(y.dates) AS on_day
                              WHERE h.since <= on_day AND (h.until IS NULL OR h.until > on_day))
                 AND h.id <> ALL (y.paid)),
            per AS (
              SELECT s.asset_id, s.year, count(*)::int AS households,
                     (array_agg(s.head_name ORDER BY s.head_name))[1:5] AS head_names
                FROM skipped s GROUP BY s.asset_id, s.year)
       SELECT a.id, a.name, a.asset_no, a.village_code, y.year, y.first_on::text AS since, y.total::text,
              per.households, per.head_names, y.evidence
         FROM per JOIN years y ON y.asset_id = per.asset_id AND y.year = per.year JOIN held a ON a.id = per.asset_id
        ORDER BY y.year, a.id`,
      scopeParams(scope),
    );
    return rows.map((r): Finding => {
      const names = r.head_names.join('、') + (r.households > r.head_names.length ? '等' : '');
      return {
        rule: 'distribution_skipped_priority',
        severity: 'high',
        subject: asset(r),
        amount: yuan(r.total),
        since: r.since,
        detail:
          `资产「${r.name}」(${r.asset_no})${r.year}年度已分配收益${yuan(r.total)}元,但本村${r.households}户` +
          `无劳动能力脱贫户(${names})未获分配,请核实并优先保障无劳动能力户。`,
        detailEn:
          `Asset "${r.name}" (${r.asset_no}) distributed ${yuan(r.total)} yuan of income in ${r.year}, but ` +
          `${r.households} listed household(s) of village ${r.village_code} without labour capacity got nothing: ` +
          `check and give them priority.`,
        evidence: [...r.evidence].sort((a, b) => a.seq - b.seq).slice(0, EVIDENCE_LIMIT),
      };
    });
  },
};
