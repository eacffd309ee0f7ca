import type { EntityManager } from 'typeorm';
import { fenToYuan } from '../../common/money';
import type { FindingSubject } from '../findings/finding';
import type { PostingIndex } from './reconcile-postings';
import { fen, identity, type Identity, type ReconcileScope } from './reconcile';

type Row = Record<string, string>;
const PROJECTS = `SELECT id, book, name, entry_seq FROM project
  WHERE region_code LIKE $1 AND ($2::int IS NULL OR year = $2)`;

/** Per fund document: what it holds by the projection against where the postings put it. */
export async function fundIdentities(em: EntityManager, s: ReconcileScope, p: PostingIndex): Promise<Identity[]> {
  const rows: Row[] = await em.query(
    `SELECT id, book, doc_no, title, amount, entry_seq FROM fund
      WHERE region_code LIKE $1 AND ($2::int IS NULL OR year = $2) ORDER BY book, entry_seq`,
    [s.like, s.year],
  );
  return rows.map((r) => {
    const sums = p.fund(r.id, r.book);
    const committed = sums.project + sums.payee;
    return identity(
      'fund_issued',
      { type: 'fund', id: r.id, name: `${r.doc_no} ${r.title}` },
      ['指标金额(资金表)/ issued (fund)', fen(r.amount)],
      [
        `下拨 ${fenToYuan(sums.allocated)} + 已安排 ${fenToYuan(committed)} + 结余 ${fenToYuan(sums.pool)}(分录)/ ` +
          'allocated + committed + available (postings)',
        sums.allocated + committed + sums.pool,
      ],
      [{ book: r.book, seq: Number(r.entry_seq) }],
    );
  });
}

/** Per project and fund: the funding line against the project's postings; per project: the payments register. */
export async function projectIdentities(em: EntityManager, s: ReconcileScope, p: PostingIndex): Promise<Identity[]> {
  const lines: Row[] = await em.query(
    `SELECT pr.id, pr.book, pr.name, pf.fund_id, pf.committed - pf.released AS committed, pf.disbursed,
            pf.committed_seq
       FROM (${PROJECTS}) pr JOIN project_funding pf ON pf.project_id = pr.id
      ORDER BY pr.book, pf.committed_seq, pf.position`,
    [s.like, s.year],
  );
  const listed: Row[] = await em.query(
    `SELECT pr.id, pr.book, pr.name, pr.entry_seq, sum(d.amount) AS amount
       FROM (${PROJECTS}) pr JOIN disbursement d ON d.project_id = pr.id
      WHERE d.book = ANY($3) AND d.reversed_seq IS NULL
      GROUP BY pr.id, pr.book, pr.name, pr.entry_seq ORDER BY pr.book, pr.entry_seq`,
    [s.like, s.year, s.books],
  );
  const out = lines.flatMap((r) => {
    const subject = { type: 'project' as const, id: r.id, name: r.name };
    const evidence = [{ book: r.book, seq: Number(r.committed_seq) }];
    const { payee: paid, project: unpaid } = p.line(r.id, r.fund_id, r.book);
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
  // Projects paid by the postings but missing from the register show up too.
  const seen = new Set(listed.map((r) => r.id));
  const unlisted = [...new Set(lines.map((r) => r.id))].filter((id) => !seen.has(id) && p.project(id).payee !== 0n);
  const named = new Map(lines.map((r) => [r.id, r]));
  for (const id of unlisted) {
    const r = named.get(id)!;
    listed.push({ id, book: r.book, name: r.name, entry_seq: r.committed_seq, amount: '0' });
  }
  for (const r of listed)
    out.push(
      identity(
        'payments_total',
        { type: 'project', id: r.id, name: r.name },
        ['拨付记录合计(未冲正)/ payments listed (not reversed)', fen(r.amount)],
        ['收款人分录合计 / payee postings', p.project(r.id, r.book).payee],
        [{ book: r.book, seq: Number(r.entry_seq) }],
      ),
    );
  return out;
}

/**
 * Assets: the value attributed to each fund at registration is at most what that fund paid the project — the
 * registration splits the value over what each fund paid and had not yet attributed, so it holds by construction
 * (a payment reversed after registration can break it, which is then worth a look). Income = distributed +
 * undistributed, from the postings, against the asset register's totals.
 */
export async function assetIdentities(em: EntityManager, s: ReconcileScope, p: PostingIndex): Promise<Identity[]> {
  const assets: Row[] = await em.query(
    `SELECT a.id, a.book, a.asset_no, a.name, a.project_id, a.income_total, a.distributed_total, a.entry_seq
       FROM asset a JOIN (${PROJECTS}) pr ON pr.id = a.project_id
      WHERE a.book = ANY($3) ORDER BY a.book, a.entry_seq`,
    [s.like, s.year, s.books],
  );
  const attributed: Row[] = await em.query(
    `SELECT af.project_id, af.fund_id, pr.name, min(a.book) AS book, min(a.entry_seq) AS seq,
            sum(af.amount) AS attributed
       FROM asset_funding af JOIN asset a ON a.id = af.asset_id JOIN (${PROJECTS}) pr ON pr.id = af.project_id
      WHERE a.book = ANY($3)
      GROUP BY af.project_id, af.fund_id, pr.name ORDER BY 4, 5`,
    [s.like, s.year, s.books],
  );
  return [
    ...attributed.map((r) => {
      const paid = p.line(r.project_id, r.fund_id, r.book).payee;
      return identity(
        'asset_value',
        { type: 'project', id: r.project_id, name: r.name },
        [`资金 ${r.fund_id} 资产归属价值(资产资金表)/ attributed to assets (asset_funding)`, fen(r.attributed)],
        ['该资金已支付(分录)/ paid by the fund (postings)', paid],
        [{ book: r.book, seq: Number(r.seq) }],
        fen(r.attributed) <= paid,
      );
    }),
    ...assets.flatMap((r) => {
      const subject: FindingSubject = { type: 'asset', id: r.id, name: `${r.asset_no} ${r.name}` };
      const evidence = [{ book: r.book, seq: Number(r.entry_seq) }];
      const { distributed, assetIncome: undistributed } = p.fund(r.id, r.book);
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
export async function postingIdentities(em: EntityManager, s: ReconcileScope, p: PostingIndex): Promise<Identity[]> {
  const own = new Set(s.ownBooks);
  const funds = [...p.byFund.values()].filter((f) => own.has(f.book));
  const named: Array<{ id: string; type: 'fund' | 'asset'; name: string; in_year: boolean }> = await em.query(
    `SELECT id, 'fund' AS type, doc_no || ' ' || title AS name, ($2::int IS NULL OR year = $2) AS in_year
       FROM fund WHERE id = ANY($1)
     UNION ALL
     SELECT a.id, 'asset', a.asset_no || ' ' || a.name, ($2::int IS NULL OR pr.year = $2)
       FROM asset a JOIN project pr ON pr.id = a.project_id WHERE a.id = ANY($1)`,
    [funds.map((f) => f.fundId), s.year],
  );
  const names = new Map<string, FindingSubject | null>(
    named.map((n) => [n.id, n.in_year ? { type: n.type, id: n.id, name: n.name } : null]),
  );
  const regions: Array<{ code: string; name: string }> = await em.query(
    `SELECT code, name FROM region WHERE code = ANY($1)`,
    [s.ownBooks],
  );
  const regionName = new Map(regions.map((r) => [r.code, r.name]));
  const out: Identity[] = [];
  for (const f of funds.sort((a, b) => a.book.localeCompare(b.book) || a.firstSeq - b.firstSeq)) {
    const known = names.get(f.fundId);
    // Unnamed funds (neither a fund document nor an asset) belong to no year.
    const subject =
      known === undefined ? (s.year === null ? { type: 'fund' as const, id: f.fundId, name: f.fundId } : null) : known;
    if (!subject) continue;
    out.push(
      identity(
        'fund_postings_zero',
        subject,
        [`账本 ${f.book} 借方合计 / debits`, f.debit],
        ['贷方合计 / credits', f.credit],
        (f.bad.length ? f.bad : [f.firstSeq]).map((seq) => ({ book: f.book, seq })),
      ),
    );
  }
  for (const book of s.ownBooks) {
    const b = p.byBook.get(book);
    if (!b) continue;
    out.push(
      identity(
        'entries_balanced',
        { type: 'book', id: book, name: regionName.get(book) ?? book },
        ['各分录借方合计 / debits of all entries', b.debit],
        ['各分录贷方合计 / credits of all entries', b.credit],
        b.bad.map((seq) => ({ book, seq })),
        b.bad.length === 0 && b.debit === b.credit,
      ),
    );
  }
  return out;
}
