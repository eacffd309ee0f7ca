import type { EntityManager } from 'typeorm';

/** What the postings say about one fund (and one project, when the entries moved a project's money) in a book. */
export interface PostingSums {
  book: string;
  fundId: string;
  projectId: string | null;
  allocated: bigint;
  /** The project accounts' balance: committed and not yet paid. */
  project: bigint;
  /** Paid to payees (from a project, or an asset's income distributed to a household or purpose). */
  payee: bigint;
  pool: bigint;
  /** The asset-income account's balance: income not yet distributed. */
  assetIncome: bigint;
  /** Income distributed: what left the asset-income account in entries that took in no income. */
  distributed: bigint;
  debit: bigint;
  credit: bigint;
  firstSeq: number;
  /** Entries whose postings of this fund do not sum to zero (at most 20). */
  bad: number[];
}

/**
 * One pass over the books' postings: grouped per entry and fund first (which tells a payment's project and
 * whether an entry took in asset income), then per fund and project. Every posting identity is computed from
 * these sums, so a province's millions of postings are read once, not once per identity.
 */
export async function postingSums(em: EntityManager, books: string[]): Promise<PostingSums[]> {
  // A few books per statement: a county's entries fit the per-entry grouping in memory, a province's spill to disk.
  const out: PostingSums[] = [];
  for (let i = 0; i < books.length; i += BOOKS_PER_QUERY)
    out.push(...(await sumsOf(em, books.slice(i, i + BOOKS_PER_QUERY))));
  return out;
}

const BOOKS_PER_QUERY = 4;

async function sumsOf(em: EntityManager, books: string[]): Promise<PostingSums[]> {
  const rows: Array<Record<string, string | string[] | null>> = await em.query(
    `WITH e AS (
       SELECT book, seq, fund_id,
              max(substr(account, 9)) FILTER (WHERE account LIKE 'project:%') AS project_id,
              coalesce(sum(amount) FILTER (WHERE account LIKE 'allocated:%'), 0) AS allocated,
              coalesce(sum(amount) FILTER (WHERE account LIKE 'project:%'), 0) AS project,
              coalesce(sum(amount) FILTER (WHERE account LIKE 'payee:%'), 0) AS payee,
              coalesce(sum(amount) FILTER (WHERE account LIKE 'pool:%'), 0) AS pool,
              coalesce(sum(amount) FILTER (WHERE account LIKE 'asset-income:%'), 0) AS ai,
              bool_or(account LIKE 'operation:%') AS has_operation,
              sum(amount) AS net,
              coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS debit
         FROM journal_posting WHERE book = ANY($1) GROUP BY book, seq, fund_id)
     SELECT book, fund_id, project_id, sum(allocated) AS allocated, sum(project) AS project, sum(payee) AS payee,
            sum(pool) AS pool, sum(ai) AS ai, coalesce(-sum(ai) FILTER (WHERE NOT has_operation), 0) AS distributed,
            sum(debit) AS debit, sum(debit) - sum(net) AS credit, min(seq) AS first_seq,
            (array_agg(seq ORDER BY seq) FILTER (WHERE net <> 0))[1:20] AS bad
       FROM e GROUP BY book, fund_id, project_id`,
    [books],
  );
  const big = (v: unknown) => BigInt((v as string | null) ?? 0);
  return rows.map((r) => ({
    book: r.book as string,
    fundId: r.fund_id as string,
    projectId: r.project_id as string | null,
    allocated: big(r.allocated),
    project: big(r.project),
    payee: big(r.payee),
    pool: big(r.pool),
    assetIncome: big(r.ai),
    distributed: big(r.distributed),
    debit: big(r.debit),
    credit: big(r.credit),
    firstSeq: Number(r.first_seq),
    bad: ((r.bad as string[] | null) ?? []).map(Number),
  }));
}

const ZERO = (book: string, fundId: string, projectId: string | null): PostingSums => ({
  book,
  fundId,
  projectId,
  allocated: 0n,
  project: 0n,
  payee: 0n,
  pool: 0n,
  assetIncome: 0n,
  distributed: 0n,
  debit: 0n,
  credit: 0n,
  firstSeq: 0,
  bad: [],
});

function add(a: PostingSums, b: PostingSums): PostingSums {
  return {
    ...a,
    allocated: a.allocated + b.allocated,
    project: a.project + b.project,
    payee: a.payee + b.payee,
    pool: a.pool + b.pool,
    assetIncome: a.assetIncome + b.assetIncome,
    distributed: a.distributed + b.distributed,
    debit: a.debit + b.debit,
    credit: a.credit + b.credit,
    firstSeq: a.firstSeq && b.firstSeq ? Math.min(a.firstSeq, b.firstSeq) : a.firstSeq || b.firstSeq,
    bad: [...a.bad, ...b.bad].sort((x, y) => x - y).slice(0, 20),
  };
}

/** The sums looked up by fund, by fund and project, by project, and by book. */
export class PostingIndex {
  readonly byFund = new Map<string, PostingSums>();
  readonly byLine = new Map<string, PostingSums>();
  readonly byProject = new Map<string, PostingSums>();
  readonly byBook = new Map<string, PostingSums>();

  constructor(rows: PostingSums[]) {
    const merge = (map: Map<string, PostingSums>, key: string, r: PostingSums, projectId: string | null) =>
      map.set(key, add(map.get(key) ?? ZERO(r.book, r.fundId, projectId), r));
    for (const r of rows) {
      merge(this.byFund, r.fundId, r, null);
      merge(this.byBook, r.book, r, null);
      if (r.projectId) {
        this.byLine.set(`${r.projectId}|${r.fundId}`, r);
        merge(this.byProject, r.projectId, r, r.projectId);
      }
    }
  }

  fund(fundId: string, book = ''): PostingSums {
    return this.byFund.get(fundId) ?? ZERO(book, fundId, null);
  }

  line(projectId: string, fundId: string, book = ''): PostingSums {
    return this.byLine.get(`${projectId}|${fundId}`) ?? ZERO(book, fundId, projectId);
  }

  project(projectId: string, book = ''): PostingSums {
    return this.byProject.get(projectId) ?? ZERO(book, '', projectId);
  }
}
