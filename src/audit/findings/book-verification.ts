import type { DataSource } from 'typeorm';
import { verifyBooks, type VerifyOptions, type VerifyReport } from '../../journal/verify/chain-verifier';
import { booksOf } from '../reconcile/reconcile';

/** Books verified OK, by head and checkpoints; re-checked after AUDIT_VERIFY_CACHE_MINUTES even if unmoved. */
const verified = new Map<string, { state: string; at: number }>();

/**
 * The subtree's books that fail verification. Reads through the pool and the workers' own connections, not the
 * findings snapshot, so that it runs beside the other rules.
 */
export async function failingBooks(
  db: DataSource,
  regionCode: string,
  cacheMinutes: number,
  options: VerifyOptions,
): Promise<Array<VerifyReport & { name: string }>> {
  const { ownBooks } = await booksOf(db.manager, regionCode);
  if (!ownBooks.length) return [];
  const heads: Array<{ code: string; name: string | null; state: string }> = await db.query(
    `SELECT b.code, g.name,
            b.head_seq || ':' || encode(b.head_hash, 'hex') || ':' ||
            (SELECT count(*) || ':' || coalesce(max(tree_size), 0) FROM journal_checkpoint c WHERE c.book = b.code)
              AS state
       FROM journal_book b LEFT JOIN region g ON g.code = b.code WHERE b.code = ANY($1) ORDER BY b.code`,
    [ownBooks],
  );
  const now = Date.now();
  const due = heads.filter((h) => {
    const cached = verified.get(h.code);
    return !cached || cached.state !== h.state || now - cached.at >= cacheMinutes * 60_000;
  });
  const reports = await verifyBooks(
    (sql, params) => db.query(sql, params),
    due.map((h) => h.code),
    options,
  );
  return reports.flatMap((report, i) => {
    if (report.ok) verified.set(report.book, { state: due[i].state, at: now });
    else verified.delete(report.book);
    return report.ok ? [] : [{ ...report, name: due[i].name ?? report.book }];
  });
}
