import { yuanToFen } from '../../../common/money';
import { reconcile } from '../../reconcile/reconcile';
import { failingBooks } from '../book-verification';
import type { Finding, FindingRule } from '../finding';
import { ruleScope, yuan } from './rule-sql';

/** 账本校验失败: a book of the subtree whose hash chain, postings or signed checkpoints do not verify. */
export const bookFailsVerification: FindingRule = {
  code: 'book_fails_verification',
  title: 'Book fails verification',
  async run(em, scope, t, context = {}) {
    const failing = await (context.failingBooks ??
      failingBooks(em.connection, scope.regionCode, t.verifyCacheMinutes, context));
    return failing.map((report): Finding => ({
      rule: 'book_fails_verification',
      severity: 'critical',
      subject: { type: 'book', id: report.book, name: report.name },
      detail:
        `${report.name}账本(${report.book})校验失败:从第 ${report.firstBadSeq} 笔分录起与哈希链或签名检查点不符` +
        `(${report.problem})。账本可能被篡改,请立即封存数据库并调查。`,
      detailEn:
        `The book of ${report.book} fails verification from entry ${report.firstBadSeq} (${report.problem}). ` +
        'It may have been tampered with: secure the database and investigate.',
      evidence: report.firstBadSeq ? [{ book: report.book, seq: report.firstBadSeq }] : [],
    }));
  },
};

/** 对账不平: every identity of the reconciliation (all years) that does not hold. */
export const reconciliationFailed: FindingRule = {
  code: 'reconciliation_failed',
  title: 'Reconciliation identity fails',
  async run(em, scope) {
    const failed = (await reconcile(em, scope.regionCode, null)).filter((i) => !i.ok);
    return failed.map((i): Finding => {
      const diff = yuanToFen(i.left.amount) - yuanToFen(i.right.amount);
      return {
        rule: 'reconciliation_failed',
        severity: 'critical',
        subject: i.subject,
        amount: yuan(diff < 0n ? -diff : diff),
        detail:
          `对账不平:${i.subject.name} 的「${i.title}」不成立,${i.left.label} ${i.left.amount} 元,` +
          `${i.right.label} ${i.right.amount} 元。请核对台账与账本分录,并运行重放检查(replay)。`,
        detailEn:
          `Reconciliation fails: ${i.name} of ${i.subject.type} ${i.subject.id}: ${i.left.label} ${i.left.amount} ` +
          `vs ${i.right.label} ${i.right.amount} yuan. ` +
          'Check the register against the postings and run the replay check.',
        evidence: i.evidence,
      };
    });
  },
};

/**
 * 见证方拒绝联署: a witness refused a signed checkpoint of the book because what it cosigned before is not a prefix
 * of it (docs/witness.md) — a split view or a rewritten history; one finding per witness, with the latest refusal.
 */
export const witnessRefused: FindingRule = {
  code: 'witness_refused',
  title: 'Witness refuses a checkpoint as inconsistent',
  async run(em, scope) {
    const s = await ruleScope(em, scope);
    if (!s.ownBooks.length) return [];
    const rows: Array<{
      book: string;
      name: string | null;
      witness: string;
      tree_size: string;
      reason: string;
      refusals: number;
      first_on: string;
    }> = await em.query(
      `SELECT DISTINCT ON (r.book, r.witness) r.book, g.name, r.witness, r.tree_size, r.reason,
              count(*) OVER (PARTITION BY r.book, r.witness)::int AS refusals,
              to_char(min(r.refused_at) OVER (PARTITION BY r.book, r.witness) AT TIME ZONE 'Asia/Shanghai',
                      'YYYY-MM-DD') AS first_on
         FROM witness_refusal r LEFT JOIN region g ON g.code = r.book
        WHERE r.book = ANY($1) AND (r.refused_at AT TIME ZONE 'Asia/Shanghai')::date <= $2::date
        ORDER BY r.book, r.witness, r.refused_at DESC`,
      [s.ownBooks, s.asOf],
    );
    return rows.map((r): Finding => {
      const name = r.name ?? r.book;
      return {
        rule: 'witness_refused',
        severity: 'critical',
        subject: { type: 'book', id: r.book, name },
        since: r.first_on,
        detail:
          `见证方 ${r.witness} 拒绝联署${name}账本(${r.book})第 ${r.tree_size} 条处的签名检查点(共 ${r.refusals} 次):` +
          `它此前联署的历史不是该检查点的前缀(${r.reason})。账本可能向不同的人展示了不同的历史或被改写,请立即核查。`,
        detailEn:
          `Witness ${r.witness} refused the checkpoint of book ${r.book} at size ${r.tree_size} ` +
          `(${r.refusals} refusal(s)): what it cosigned before is not a prefix of it (${r.reason}). ` +
          'The book may show different histories to different readers or have been rewritten: investigate.',
        evidence: [{ book: r.book, seq: Number(r.tree_size) }],
      };
    });
  },
};

/** Last in a run: the engine starts verifying books before the first rule, and this lets the others run meanwhile. */
export const INTEGRITY_RULES: FindingRule[] = [witnessRefused, reconciliationFailed, bookFailsVerification];
