import type { EntityManager } from 'typeorm';
import { fenToYuan } from '../../common/money';
import { bookOfRegion, subtreePrefix } from '../../common/region-code';
import type { FindingSubject } from '../findings/finding';
import { assetIdentities, postingIdentities } from './reconcile-assets';

/** The identities, by name, with their Chinese titles (the order of the response). */
export const IDENTITIES = {
  fund_issued: '指标金额 = 下拨 + 已安排 + 结余',
  project_committed: '已安排 = 已支付 + 未支付',
  project_paid: '项目资金已支付 = 收款人分录',
  payments_total: '拨付记录合计 = 收款人分录合计',
  asset_value: '资产归属价值 ≤ 项目已支付',
  asset_income: '资产收益 = 已分配 + 未分配',
  asset_distributed: '资产已分配 = 分配分录',
  fund_postings_zero: '每个资金的分录合计为零',
  entries_balanced: '每笔分录按资金借贷平衡',
} as const;
export type IdentityName = keyof typeof IDENTITIES;

export interface Side {
  label: string;
  /** Decimal yuan. */
  amount: string;
}

/** One identity for one subject: both sides, and whether they agree. */
export interface Identity {
  name: IdentityName;
  title: string;
  subject: FindingSubject;
  left: Side;
  right: Side;
  ok: boolean;
  /** The entries that show the subject (its issue, commitment, …; for a failed entry check the entries at fault). */
  evidence: Array<{ book: string; seq: number }>;
}

export interface ReconcileScope {
  /** Books in the subtree (the journal's big tables are read by book, which the indexes serve). */
  books: string[];
  /** `<prefix>%`: regions in the subtree. */
  like: string;
  /** The subtree's own books (a township's county book is read for its projects, not checked as a whole). */
  ownBooks: string[];
  year: number | null;
}

export const fen = (v: string | number | bigint | null | undefined) => BigInt(v ?? 0);

export function identity(
  name: IdentityName,
  subject: FindingSubject,
  left: [string, bigint],
  right: [string, bigint],
  evidence: Array<{ book: string; seq: number }>,
  ok = left[1] === right[1],
): Identity {
  return {
    name,
    title: IDENTITIES[name],
    subject,
    left: { label: left[0], amount: fenToYuan(left[1]) },
    right: { label: right[0], amount: fenToYuan(right[1]) },
    ok,
    evidence,
  };
}

/** A township or village keeps no books: its money is in its county's (县级报账制). */
export async function booksOf(em: EntityManager, regionCode: string) {
  const like = `${subtreePrefix(regionCode)}%`;
  const rows: Array<{ code: string }> = await em.query(`SELECT code FROM journal_book WHERE code LIKE $1`, [like]);
  const ownBooks = rows.map((r) => r.code);
  const county = bookOfRegion(regionCode);
  const books = county !== regionCode && !ownBooks.includes(county) ? [...ownBooks, county] : ownBooks;
  return { books, ownBooks, like };
}

export async function reconcileScope(em: EntityManager, regionCode: string, year: number | null) {
  return { ...(await booksOf(em, regionCode)), year };
}

/** Per fund document: what it holds by the projection against where the postings put it. */
async function fundIdentities(em: EntityManager, s: ReconcileScope): Promise<Identity[]> {
  const rows: Array<Record<string, string>> = await em.query(
    `WITH p AS (
       SELECT p.fund_id,
              sum(p.amount) FILTER (WHERE p.account LIKE 'allocated:%') AS allocated,
              sum(p.amount) FILTER (WHERE p.account LIKE 'project:%' OR p.account LIKE 'payee:%') AS committed,
              sum(p.amount) FILTER (WHERE p.account LIKE 'pool:%') AS available
         FROM journal_posting p
        WHERE p.book = ANY($1)
        GROUP BY p.fund_id)
     SELECT f.id, f.book, f.doc_no, f.title, f.amount, f.entry_seq, p.allocated, p.committed, p.available
       FROM fund f LEFT JOIN p ON p.fund_id = f.id
      WHERE f.region_code LIKE $2 AND ($3::int IS NULL OR f.year = $3)
      ORDER BY f.book, f.entry_seq`,
    [s.books, s.like, s.year],
  );
  return rows.map((r) => {
    const [allocated, committed, available] = [fen(r.allocated), fen(r.committed), fen(r.available)];
    return identity(
      'fund_issued',
      { type: 'fund', id: r.id, name: `${r.doc_no} ${r.title}` },
      ['指标金额(资金表)/ issued (fund)', fen(r.amount)],
      [
        `下拨 ${fenToYuan(allocated)} + 已安排 ${fenToYuan(committed)} + 结余 ${fenToYuan(available)}(分录)/ ` +
          'allocated + committed + available (postings)',
        allocated + committed + available,
      ],
      [{ book: r.book, seq: Number(r.entry_seq) }],
    );
  });
}

/** Per project and fund: the funding line of the projection against the project's postings. */
async function projectIdentities(em: EntityManager, s: ReconcileScope): Promise<Identity[]> {
  // A payment entry moves one project's money; its payee postings are that project's paid money.
  const rows: Array<Record<string, string>> = await em.query(
    `WITH pr AS (
       SELECT id, book, name FROM project WHERE region_code LIKE $2 AND ($3::int IS NULL OR year = $3)),
     acct AS (
       SELECT p.book, p.seq, substr(p.account, 9)::uuid AS project_id, p.fund_id, p.amount
         FROM journal_posting p
        WHERE p.book = ANY($1) AND p.account LIKE 'project:%'),
     unpaid AS (SELECT project_id, fund_id, sum(amount) AS unpaid FROM acct GROUP BY 1, 2),
     paid AS (
       SELECT e.project_id, q.fund_id, sum(q.amount) AS paid
         FROM (SELECT DISTINCT book, seq, project_id FROM acct) e
         JOIN journal_posting q ON q.book = e.book AND q.seq = e.seq AND q.account LIKE 'payee:%'
        GROUP BY 1, 2)
     SELECT pr.id, pr.book, pr.name, pf.fund_id, pf.committed - pf.released AS committed, pf.disbursed,
            pf.committed_seq, coalesce(u.unpaid, 0) AS unpaid, coalesce(pd.paid, 0) AS paid
       FROM pr JOIN project_funding pf ON pf.project_id = pr.id
       LEFT JOIN unpaid u ON u.project_id = pr.id AND u.fund_id = pf.fund_id
       LEFT JOIN paid pd ON pd.project_id = pr.id AND pd.fund_id = pf.fund_id
      ORDER BY pr.book, pf.committed_seq, pf.position`,
    [s.books, s.like, s.year],
  );
  return rows.flatMap((r) => {
    const subject = { type: 'project' as const, id: r.id, name: r.name };
    const evidence = [{ book: r.book, seq: Number(r.committed_seq) }];
    const [paid, unpaid] = [fen(r.paid), fen(r.unpaid)];
    return [
      identity(
        'project_committed',
        subject,
        [`资金 ${r.fund_id} 已安排(项目资金表)/ committed (project_funding)`, fen(r.committed)],
        [`已支付 ${fenToYuan(paid)} + 未支付 ${fenToYuan(unpaid)}(分录)/ paid + unpaid (postings)`, paid + unpaid],
        evidence,
      ),
      identity(
        'project_paid',
        subject,
        [`资金 ${r.fund_id} 已支付(项目资金表)/ disbursed (project_funding)`, fen(r.disbursed)],
        ['收款人分录 / payee postings', paid],
        evidence,
      ),
    ];
  });
}

/** Per project: the payments register (reversed payments left out) against the payee postings. */
async function paymentIdentities(em: EntityManager, s: ReconcileScope): Promise<Identity[]> {
  const rows: Array<Record<string, string>> = await em.query(
    `WITH pr AS (
       SELECT id, book, name, entry_seq FROM project WHERE region_code LIKE $2 AND ($3::int IS NULL OR year = $3)),
     entries AS (
       SELECT DISTINCT p.book, p.seq, substr(p.account, 9)::uuid AS project_id
         FROM journal_posting p WHERE p.book = ANY($1) AND p.account LIKE 'project:%'),
     posted AS (
       SELECT e.project_id, sum(q.amount) AS amount FROM entries e
         JOIN journal_posting q ON q.book = e.book AND q.seq = e.seq AND q.account LIKE 'payee:%'
        GROUP BY 1),
     listed AS (
       SELECT project_id, sum(amount) AS amount, count(*) AS n FROM disbursement
        WHERE book = ANY($1) AND reversed_seq IS NULL GROUP BY 1)
     SELECT pr.id, pr.book, pr.name, pr.entry_seq, coalesce(l.amount, 0) AS listed, coalesce(p.amount, 0) AS posted
       FROM pr LEFT JOIN listed l ON l.project_id = pr.id LEFT JOIN posted p ON p.project_id = pr.id
      WHERE l.n IS NOT NULL OR p.amount IS NOT NULL
      ORDER BY pr.book, pr.entry_seq`,
    [s.books, s.like, s.year],
  );
  return rows.map((r) =>
    identity(
      'payments_total',
      { type: 'project', id: r.id, name: r.name },
      ['拨付记录合计(未冲正)/ payments listed (not reversed)', fen(r.listed)],
      ['收款人分录合计 / payee postings', fen(r.posted)],
      [{ book: r.book, seq: Number(r.entry_seq) }],
    ),
  );
}

/** Every identity of the subtree's books, funds, projects and assets (`year`: the funds' and projects' year). */
export async function reconcile(em: EntityManager, regionCode: string, year: number | null): Promise<Identity[]> {
  const scope = await reconcileScope(em, regionCode, year);
  if (scope.books.length === 0) return [];
  return [
    ...(await fundIdentities(em, scope)),
    ...(await projectIdentities(em, scope)),
    ...(await paymentIdentities(em, scope)),
    ...(await assetIdentities(em, scope)),
    ...(await postingIdentities(em, scope)),
  ];
}
