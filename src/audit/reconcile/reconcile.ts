import type { EntityManager } from 'typeorm';
import { fenToYuan } from '../../common/money';
import { bookOfRegion, subtreePrefix } from '../../common/region-code';
import type { FindingSubject } from '../findings/finding';
import { assetIdentities, fundIdentities, postingIdentities, projectIdentities } from './reconcile-identities';
import { PostingIndex, postingSums } from './reconcile-postings';

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

/** Every identity of the subtree's books, funds, projects and assets (`year`: the funds' and projects' year). */
export async function reconcile(em: EntityManager, regionCode: string, year: number | null): Promise<Identity[]> {
  const scope = await reconcileScope(em, regionCode, year);
  if (scope.books.length === 0) return [];
  const postings = new PostingIndex(await postingSums(em, scope.books));
  return [
    ...(await fundIdentities(em, scope, postings)),
    ...(await projectIdentities(em, scope, postings)),
    ...(await assetIdentities(em, scope, postings)),
    ...(await postingIdentities(em, scope, postings)),
  ];
}
