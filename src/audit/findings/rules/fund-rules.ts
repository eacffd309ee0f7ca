import type { EntityManager } from 'typeorm';
import { isWithin, levelOfCode } from '../../../common/region-code';
import { INDUSTRY_SQL } from '../../project-kind';
import type { Finding, FindingRule } from '../finding';
import {
  daysBetween,
  EVIDENCE,
  evidenceOf,
  percent,
  REVERSED_AFTER,
  ruleScope,
  type RuleScope,
  yuan,
} from './rule-sql';

interface PoolRow {
  id: string;
  book: string;
  doc_no: string;
  title: string;
  issued_on: string;
  entry_seq: string;
  available: string;
  last_seq: string | null;
}

/**
 * Funds of the subtree with money still in their pool at the end of asOf (not passed down, not committed),
 * read by index per fund from the pool account of the fund's own book.
 */
async function fundsWithAvailable(em: EntityManager, s: RuleScope): Promise<PoolRow[]> {
  return em.query(
    `SELECT f.id, f.book, f.doc_no, f.title, to_char(f.issued_on, 'YYYY-MM-DD') AS issued_on, f.entry_seq,
            b.available, b.last_seq
       FROM fund f
       CROSS JOIN LATERAL (
         SELECT sum(p.amount) AS available, max(p.seq) AS last_seq FROM journal_posting p
          WHERE p.book = f.book AND p.account = 'pool:' || f.book AND p.fund_id = f.id AND p.occurred_on <= $3::date) b
      WHERE f.book = ANY($1) AND f.region_code LIKE $2 AND f.issued_on <= $3::date AND b.available > 0
      ORDER BY f.issued_on, f.book, f.entry_seq`,
    [s.books, s.like, s.asOf],
  );
}

const fundEvidence = (r: PoolRow) => [
  { book: r.book, seq: Number(r.entry_seq) },
  ...(r.last_seq && r.last_seq !== r.entry_seq ? [{ book: r.book, seq: Number(r.last_seq) }] : []),
];

/** 滞留闲置: money available in a fund's pool this many days after issue is money not put to use. */
export const idleFunds: FindingRule = {
  code: 'idle_funds',
  title: 'Idle funds',
  async run(em, scope, t) {
    const rows = await fundsWithAvailable(em, await ruleScope(em, scope));
    return rows.flatMap((r): Finding[] => {
      const age = daysBetween(r.issued_on, scope.asOf);
      if (age < t.idleDays) return [];
      const high = age >= t.idleHighDays;
      return [
        {
          rule: 'idle_funds',
          severity: high ? 'high' : 'medium',
          subject: { type: 'fund', id: r.id, name: `${r.doc_no} ${r.title}` },
          amount: yuan(r.available),
          since: r.issued_on,
          detail:
            `资金「${r.doc_no}」下达已 ${age} 天,仍有 ${yuan(r.available)} 元未下拨、未安排项目(滞留闲置)。` +
            (high ? `已满 ${t.idleHighDays} 天,应按规定收回统筹使用。` : '请督促尽快安排项目使用。'),
          detailEn:
            `Fund ${r.doc_no} was issued ${age} days ago and ${yuan(r.available)} yuan is neither passed down nor ` +
            'committed (idle). ' +
            (high ? `After ${t.idleHighDays} days it is to be recovered for pooled use.` : 'Put it to use.'),
          evidence: fundEvidence(r),
        },
      ];
    });
  },
};

/** 截留: a province or city passes its money down; what it keeps beyond the deadline is held back. */
export const heldBack: FindingRule = {
  code: 'held_back',
  title: 'Money held back by an upper level',
  async run(em, scope, t) {
    const rows = await fundsWithAvailable(em, await ruleScope(em, scope));
    return rows.flatMap((r): Finding[] => {
      const level = levelOfCode(r.book);
      const age = daysBetween(r.issued_on, scope.asOf);
      if ((level !== 'province' && level !== 'city') || age <= t.heldBackDays) return [];
      return [
        {
          rule: 'held_back',
          severity: 'medium',
          subject: { type: 'fund', id: r.id, name: `${r.doc_no} ${r.title}` },
          amount: yuan(r.available),
          since: r.issued_on,
          detail:
            `${level === 'province' ? '省级' : '市级'}资金「${r.doc_no}」收到已 ${age} 天(超过 ${t.heldBackDays} 天),` +
            `仍有 ${yuan(r.available)} 元未分配下达。请核实是否截留,督促及时下达到县。`,
          detailEn:
            `The ${level} fund ${r.doc_no} was received ${age} days ago (over ${t.heldBackDays}) and still holds ` +
            `${yuan(r.available)} yuan not allocated down. Check whether it is held back; ` +
            'pass it down to the counties.',
          evidence: fundEvidence(r),
        },
      ];
    });
  },
};

interface CountySpend {
  book: string;
  name: string;
  received: string;
  paid: string;
  evidence: unknown;
}

/**
 * 支出进度: paid ÷ received of each county of the subtree, up to asOf (funds by issue date, payments not reversed
 * by then), against the floor and against the average of its province's counties — which is read from the
 * province's county books even for a county auditor (only the average enters the finding).
 */
export const slowSpending: FindingRule = {
  code: 'slow_spending',
  title: 'Slow spending',
  async run(em, scope, t) {
    const s = await ruleScope(em, scope);
    const counties = s.ownBooks.filter((b) => levelOfCode(b) === 'county');
    if (!counties.length) return [];
    const provinces = [...new Set(counties.map((b) => `${b.slice(0, 2)}%`))];
    const books: Array<{ code: string }> = await em.query(`SELECT code FROM journal_book WHERE code LIKE ANY($1)`, [
      provinces,
    ]);
    const all = books.map((b) => b.code).filter((b) => levelOfCode(b) === 'county');
    const rows: CountySpend[] = await em.query(
      `WITH rec AS (
         SELECT book, sum(amount) AS received, ${EVIDENCE('book', 'entry_seq', 'issued_on, entry_seq')} AS evidence
           FROM fund WHERE book = ANY($1) AND issued_on <= $2::date GROUP BY book),
       paid AS (
         SELECT d.book, sum(d.amount) AS paid FROM disbursement d
          WHERE d.book = ANY($1) AND d.paid_on <= $2::date AND (d.reversed_seq IS NULL OR ${REVERSED_AFTER('d', '$2')})
          GROUP BY d.book)
       SELECT rec.book, coalesce(g.name, rec.book) AS name, rec.received, coalesce(paid.paid, 0) AS paid, rec.evidence
         FROM rec LEFT JOIN paid USING (book) LEFT JOIN region g ON g.code = rec.book
        WHERE rec.received > 0`,
      [all, s.asOf],
    );
    const share = (r: CountySpend) => Number((BigInt(r.paid) * 10000n) / BigInt(r.received)) / 100;
    const average = new Map<string, number>();
    for (const p of provinces) {
      const list = rows.filter((r) => r.book.startsWith(p.slice(0, 2)));
      average.set(p.slice(0, 2), list.reduce((sum, r) => sum + share(r), 0) / list.length);
    }
    return rows
      .filter((r) => counties.includes(r.book) && isWithin(scope.regionCode, r.book))
      .flatMap((r): Finding[] => {
        const pct = share(r);
        const avg = average.get(r.book.slice(0, 2)) ?? pct;
        const belowFloor = pct < t.spendingMinPercent;
        const belowAverage = pct < avg - t.spendingBelowAveragePoints;
        if (!belowFloor && !belowAverage) return [];
        const [received, paid] = [BigInt(r.received), BigInt(r.paid)];
        const p = percent(paid, received);
        return [
          {
            rule: 'slow_spending',
            severity: belowFloor && belowAverage ? 'high' : 'medium',
            subject: { type: 'region', id: r.book, name: r.name },
            amount: yuan(received - paid),
            detail:
              `${r.name}截至 ${scope.asOf} 收到资金 ${yuan(received)} 元、已支付 ${yuan(paid)} 元,支出进度 ${p}%,` +
              `低于${belowFloor ? `要求的 ${t.spendingMinPercent}%` : ''}${belowFloor && belowAverage ? '且' : ''}` +
              `${belowAverage ? `全省县区平均 ${avg.toFixed(1)}% 减 ${t.spendingBelowAveragePoints} 个百分点` : ''}。` +
              '请督促加快项目实施和资金支付。',
            detailEn:
              `${r.book} received ${yuan(received)} yuan by ${scope.asOf} and paid ${yuan(paid)} (${p}%), below ` +
              (belowFloor ? `the required ${t.spendingMinPercent}%` : '') +
              (belowFloor && belowAverage ? ' and ' : '') +
              (belowAverage
                ? `the province's county average ${avg.toFixed(1)}% less ${t.spendingBelowAveragePoints}`
                : '') +
              '. Speed up the projects and their payments.',
            evidence: evidenceOf(r.evidence),
          },
        ];
      });
  },
};

/** 产业占比: industry projects' share of what a county committed to its projects of a year. */
export const industryShare: FindingRule = {
  code: 'industry_share',
  title: 'Industry share below the floor',
  async run(em, scope, t) {
    const s = await ruleScope(em, scope);
    const counties = s.ownBooks.filter((b) => levelOfCode(b) === 'county');
    if (!counties.length) return [];
    const rows: Array<Record<string, string>> = await em.query(
      `SELECT pr.book, pr.year, coalesce(g.name, pr.book) AS name, sum(pf.committed - pf.released) AS committed,
              coalesce(sum(pf.committed - pf.released) FILTER (WHERE ${INDUSTRY_SQL('pr.category')}), 0) AS industry,
              ${EVIDENCE('pr.book', 'pf.committed_seq', 'pf.committed_seq')} AS evidence
         FROM project pr JOIN project_funding pf ON pf.project_id = pr.id
         LEFT JOIN region g ON g.code = pr.book
        WHERE pr.book = ANY($1) AND pr.approved_on <= $2::date
        GROUP BY pr.book, pr.year, g.name
       HAVING sum(pf.committed - pf.released) > 0
          AND coalesce(sum(pf.committed - pf.released) FILTER (WHERE ${INDUSTRY_SQL('pr.category')}), 0) * 100
              < $3::numeric * sum(pf.committed - pf.released)
        ORDER BY pr.book, pr.year`,
      [counties, s.asOf, t.industryMinPercent],
    );
    return rows.map((r): Finding => {
      const [committed, industry] = [BigInt(r.committed), BigInt(r.industry)];
      const p = percent(industry, committed);
      return {
        rule: 'industry_share',
        severity: 'medium',
        subject: { type: 'region', id: r.book, name: `${r.name} ${r.year} 年度` },
        amount: yuan(committed - industry),
        detail:
          `${r.name} ${r.year} 年度已安排项目资金 ${yuan(committed)} 元,其中产业项目 ${yuan(industry)} 元,` +
          `占 ${p}%,低于 ${t.industryMinPercent}% 的要求。请调整项目安排,提高产业发展资金占比。`,
        detailEn:
          `${r.book} committed ${yuan(committed)} yuan to its ${r.year} projects, ${yuan(industry)} of it to ` +
          `industry (${p}%), below the required ${t.industryMinPercent}%. Shift funding towards industry projects.`,
        evidence: evidenceOf(r.evidence),
      };
    });
  },
};
