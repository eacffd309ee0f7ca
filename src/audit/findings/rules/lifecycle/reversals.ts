import type { Finding, FindingRule } from '../../finding';
import { evidenceOf, rowsOf, scopeParams, severityByAge } from './rule-sql';

interface ReversalRow {
  kind: 'book' | 'actor';
  key: string;
  name: string;
  month: string;
  since: string;
  n: number;
  evidence: unknown;
}

/**
 * 冲正频繁: more than reversalsPerMonth reversal entries in one calendar month (by business date, up to asOf), in
 * one book or by one actor across the books of the subtree. Medium, high at twice the limit: many corrections
 * hide mistakes at best and cover-ups at worst.
 */
export const reversalsAboveLimit: FindingRule = {
  code: 'reversals_above_limit',
  title: 'Reversals above the monthly limit',
  async run(em, scope, th) {
    const rows = await rowsOf<ReversalRow>(
      em,
      `WITH rev AS (
              SELECT e.book, e.seq, e.actor, e.occurred_on, to_char(e.occurred_on, 'YYYY-MM') AS month
                FROM journal_entry e
               WHERE e.reverses_seq IS NOT NULL AND e.book BETWEEN $1 AND $2 AND e.occurred_on <= $3::date),
            counted AS (
              SELECT 'book' AS kind, book AS key, month, min(occurred_on) AS since_on, count(*)::int AS n,
                     json_agg(json_build_object('book', book, 'seq', seq) ORDER BY seq) AS evidence
                FROM rev GROUP BY book, month HAVING count(*) > $4::numeric
              UNION ALL
              SELECT 'actor', actor, month, min(occurred_on), count(*)::int,
                     json_agg(json_build_object('book', book, 'seq', seq) ORDER BY occurred_on, book, seq)
                FROM rev GROUP BY actor, month HAVING count(*) > $4::numeric)
       SELECT c.kind, c.key, coalesce(r.name, u.name, c.key) AS name, c.month, c.since_on::text AS since, c.n,
              c.evidence
         FROM counted c
         LEFT JOIN region r ON c.kind = 'book' AND r.code = c.key
         LEFT JOIN app_user u ON c.kind = 'actor' AND u.id::text = c.key
        ORDER BY c.month, c.kind DESC, c.key`,
      [...scopeParams(scope), th.reversalsPerMonth],
    );
    return rows.map((r): Finding => {
      const [y, m] = r.month.split('-');
      const who = r.kind === 'book' ? `账套「${r.name}」(${r.key})` : `操作员「${r.name}」`;
      const whoEn = r.kind === 'book' ? `Book ${r.key} (${r.name})` : `User "${r.name}"`;
      return {
        rule: 'reversals_above_limit',
        severity: severityByAge(r.n, th.reversalsPerMonth),
        subject: { type: r.kind, id: r.key, name: r.name },
        since: r.since,
        detail:
          `${who}${y}年${Number(m)}月共冲正${r.n}笔,超过每月${th.reversalsPerMonth}笔的限度,` +
          `请逐笔核查冲正原因及审批手续。`,
        detailEn:
          `${whoEn} reversed ${r.n} entries in ${r.month}, more than the limit of ${th.reversalsPerMonth} a month: ` +
          `check the reason and approval of each correction.`,
        evidence: evidenceOf(r.evidence),
      };
    });
  },
};
