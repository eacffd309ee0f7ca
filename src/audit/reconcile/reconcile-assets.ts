import type { EntityManager } from 'typeorm';
import { fenToYuan } from '../../common/money';
import type { FindingSubject } from '../findings/finding';
import { fen, identity, type Identity, type ReconcileScope } from './reconcile';

/** Assets in scope: of the books, of projects in the subtree (and year). */
const ASSETS = `
  SELECT a.id, a.book, a.asset_no, a.name, a.project_id, a.income_total, a.distributed_total, a.entry_seq
    FROM asset a JOIN project pr ON pr.id = a.project_id
   WHERE a.book = ANY($1) AND pr.region_code LIKE $2 AND ($3::int IS NULL OR pr.year = $3)`;

/**
 * Assets: the value attributed to each fund at registration is at most what that fund paid the project — the
 * registration splits the value over what each fund paid and had not yet attributed, so it holds by construction
 * (a payment reversed after registration can break it, which is then worth a look). Income = distributed +
 * undistributed, from the postings, against the asset register's totals.
 */
export async function assetIdentities(em: EntityManager, s: ReconcileScope): Promise<Identity[]> {
  const params = [s.books, s.like, s.year];
  const values: Array<Record<string, string>> = await em.query(
    `WITH a AS (${ASSETS}),
     af AS (
       SELECT af.project_id, af.fund_id, sum(af.amount) AS attributed, min(a.book) AS book, min(a.entry_seq) AS seq
         FROM asset_funding af JOIN a ON a.id = af.asset_id GROUP BY 1, 2),
     entries AS (
       SELECT DISTINCT p.book, p.seq, substr(p.account, 9)::uuid AS project_id
         FROM journal_posting p WHERE p.book = ANY($1) AND p.account LIKE 'project:%'),
     paid AS (
       SELECT e.project_id, q.fund_id, sum(q.amount) AS paid FROM entries e
         JOIN journal_posting q ON q.book = e.book AND q.seq = e.seq AND q.account LIKE 'payee:%'
        WHERE e.project_id IN (SELECT project_id FROM af)
        GROUP BY 1, 2)
     SELECT af.*, pr.name, coalesce(pd.paid, 0) AS paid
       FROM af JOIN project pr ON pr.id = af.project_id
       LEFT JOIN paid pd ON pd.project_id = af.project_id AND pd.fund_id = af.fund_id
      ORDER BY af.book, af.seq`,
    params,
  );
  const income: Array<Record<string, string>> = await em.query(
    `WITH a AS (${ASSETS}),
     ai AS (
       SELECT p.book, p.seq, p.fund_id, p.amount FROM journal_posting p JOIN a ON a.book = p.book AND a.id = p.fund_id
        WHERE p.book = ANY($1) AND p.account LIKE 'asset-income:%'),
     op AS (
       SELECT DISTINCT p.book, p.seq FROM journal_posting p JOIN a ON a.book = p.book AND a.id = p.fund_id
        WHERE p.book = ANY($1) AND p.account LIKE 'operation:%'),
     sums AS (
       SELECT ai.fund_id, sum(ai.amount) AS undistributed,
              coalesce(-sum(ai.amount) FILTER (WHERE op.seq IS NULL), 0) AS distributed
         FROM ai LEFT JOIN op ON op.book = ai.book AND op.seq = ai.seq GROUP BY 1)
     SELECT a.*, coalesce(s.undistributed, 0) AS undistributed, coalesce(s.distributed, 0) AS distributed
       FROM a LEFT JOIN sums s ON s.fund_id = a.id ORDER BY a.book, a.entry_seq`,
    params,
  );
  return [
    ...values.map((r) =>
      identity(
        'asset_value',
        { type: 'project', id: r.project_id, name: r.name },
        [`资金 ${r.fund_id} 资产归属价值(资产资金表)/ attributed to assets (asset_funding)`, fen(r.attributed)],
        ['该资金已支付(分录)/ paid by the fund (postings)', fen(r.paid)],
        [{ book: r.book, seq: Number(r.seq) }],
        fen(r.attributed) <= fen(r.paid),
      ),
    ),
    ...income.flatMap((r) => {
      const subject: FindingSubject = { type: 'asset', id: r.id, name: `${r.asset_no} ${r.name}` };
      const evidence = [{ book: r.book, seq: Number(r.entry_seq) }];
      const [distributed, undistributed] = [fen(r.distributed), fen(r.undistributed)];
      return [
        identity(
          'asset_income',
          subject,
          ['收益合计(资产台账)/ income (asset register)', fen(r.income_total)],
          [
            `已分配 ${fenToYuan(distributed)} + 未分配 ${fenToYuan(undistributed)}(分录)/ ` +
              'distributed + undistributed (postings)',
            distributed + undistributed,
          ],
          evidence,
        ),
        identity(
          'asset_distributed',
          subject,
          ['已分配(资产台账)/ distributed (asset register)', fen(r.distributed_total)],
          ['分配分录 / distribution postings', distributed],
          evidence,
        ),
      ];
    }),
  ];
}

/**
 * Double entry: every fund's postings sum to zero in its book, and so do every entry's postings per fund. With a
 * year, only that year's funds (and the assets of that year's projects) are listed; the entry check is book-wide.
 */
export async function postingIdentities(em: EntityManager, s: ReconcileScope): Promise<Identity[]> {
  const groups: Array<Record<string, string | string[] | null>> = await em.query(
    `WITH g AS (
       SELECT book, seq, fund_id, sum(amount) AS net, coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS debit
         FROM journal_posting WHERE book = ANY($1) GROUP BY 1, 2, 3)
     SELECT book, fund_id, sum(debit) AS debit, sum(debit) - sum(net) AS credit, min(seq) AS first_seq,
            (array_agg(seq ORDER BY seq) FILTER (WHERE net <> 0))[1:20] AS bad
       FROM g GROUP BY 1, 2 ORDER BY 1, 5`,
    [s.ownBooks],
  );
  const names = new Map<string, FindingSubject>();
  const ids = [...new Set(groups.map((g) => g.fund_id as string))];
  const named: Array<{ id: string; type: 'fund' | 'asset'; name: string; in_year: boolean }> = await em.query(
    `SELECT id, 'fund' AS type, doc_no || ' ' || title AS name, ($2::int IS NULL OR year = $2) AS in_year
       FROM fund WHERE id = ANY($1)
     UNION ALL
     SELECT a.id, 'asset', a.asset_no || ' ' || a.name, ($2::int IS NULL OR pr.year = $2)
       FROM asset a JOIN project pr ON pr.id = a.project_id WHERE a.id = ANY($1)`,
    [ids, s.year],
  );
  for (const n of named) if (n.in_year) names.set(n.id, { type: n.type, id: n.id, name: n.name });
  const books = new Map<string, { debit: bigint; credit: bigint; bad: Array<{ book: string; seq: number }> }>();
  const out: Identity[] = [];
  for (const g of groups) {
    const book = g.book as string;
    const bad = ((g.bad as string[] | null) ?? []).map((seq) => ({ book, seq: Number(seq) }));
    const b = books.get(book) ?? { debit: 0n, credit: 0n, bad: [] };
    b.debit += fen(g.debit as string);
    b.credit += fen(g.credit as string);
    b.bad.push(...bad);
    books.set(book, b);
    const subject = names.get(g.fund_id as string) ?? (s.year === null ? fundOnly(g.fund_id as string) : null);
    if (!subject) continue;
    out.push(
      identity(
        'fund_postings_zero',
        subject,
        [`账本 ${book} 借方合计 / debits`, fen(g.debit as string)],
        ['贷方合计 / credits', fen(g.credit as string)],
        bad.length ? bad : [{ book, seq: Number(g.first_seq) }],
      ),
    );
  }
  const regions: Array<{ code: string; name: string }> = await em.query(
    `SELECT code, name FROM region WHERE code = ANY($1)`,
    [[...books.keys()]],
  );
  const regionName = new Map(regions.map((r) => [r.code, r.name]));
  for (const [book, b] of books)
    out.push(
      identity(
        'entries_balanced',
        { type: 'book', id: book, name: regionName.get(book) ?? book },
        ['各分录借方合计 / debits of all entries', b.debit],
        ['各分录贷方合计 / credits of all entries', b.credit],
        b.bad.slice(0, 20),
        b.bad.length === 0 && b.debit === b.credit,
      ),
    );
  return out;
}

const fundOnly = (id: string): FindingSubject => ({ type: 'fund', id, name: id });
