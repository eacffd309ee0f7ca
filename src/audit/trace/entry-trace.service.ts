import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/role';
import { assertInScope } from '../../auth/scope';
import { notFound } from '../../common/errors/domain-error';
import { fenToYuan } from '../../common/money';
import { UUID_PATTERN } from '../../common/validation/uuid';
import { maskAccount } from '../../projects/project-read.service';
import type { DisbursementRefDto, EntryBackTraceDto } from './dto/back-trace.dto';
import { fundChains, fundShare, sumBy } from './fund-chains';
import { assetRefs, DescribedDisbursement, disbursementsByEntry, entryRef } from './trace-lookups';
import { kindOf } from './totals';
import { ReadRouter } from '../../database/replicas/read-router';

/** An entry's postings, each fund up its 文号 chain; a payment entry also names its disbursement. */
@Injectable()
export class EntryTraceService {
  constructor(private readonly reads: ReadRouter) {}

  /** A replica when one can answer this read, else the primary (ReadRouter). */
  private get db(): DataSource {
    return this.reads.source();
  }

  async entry(actor: Actor, book: string, seq: number): Promise<EntryBackTraceDto> {
    assertInScope(actor, book);
    return this.trace(book, seq);
  }

  /** The payment's entry (the original, even when it was later reversed) with the disbursement's own fields. */
  async disbursement(actor: Actor, id: string): Promise<EntryBackTraceDto> {
    const [d]: Array<{ book: string; entry_seq: string; region_code: string }> = UUID_PATTERN.test(id)
      ? await this.db.query(
          `SELECT d.book, d.entry_seq::text, p.region_code FROM disbursement d JOIN project p ON p.id = d.project_id
            WHERE d.id = $1`,
          [id],
        )
      : [];
    if (!d) throw notFound('Disbursement', id);
    assertInScope(actor, d.region_code);
    return this.trace(d.book, Number(d.entry_seq));
  }

  private async trace(book: string, seq: number): Promise<EntryBackTraceDto> {
    const [e]: Array<{ type: string; occurred_on: string; subjects: string[]; reverses_seq: string | null }> =
      await this.db.query(
        `SELECT type, occurred_on::text, subjects, reverses_seq::text FROM journal_entry WHERE book = $1 AND seq = $2`,
        [book, seq],
      );
    if (!e) throw notFound('Entry', `${book}/${seq}`);
    const postings: Array<{ idx: number; account: string; fund_id: string; amount: string }> = await this.db.query(
      `SELECT idx, account, fund_id, amount::text FROM journal_posting WHERE book = $1 AND seq = $2 ORDER BY idx`,
      [book, seq],
    );
    const fundIds = [...new Set(postings.map((p) => p.fund_id))];
    const [chains, described] = await Promise.all([fundChains(this.db, fundIds), disbursementsByEntry(this.db, [e])]);
    const assets = await assetRefs(
      this.db,
      fundIds.filter((f) => !chains.has(f)),
    );
    const payee = postings.filter((p) => kindOf(p.account) === 'payee' && chains.has(p.fund_id));
    const paid = sumBy(
      payee,
      (p) => p.fund_id,
      (p) => BigInt(p.amount),
    );
    const d = described.get(`${book}/${seq}`);
    return {
      ...entryRef({ book, seq: String(seq), occurred_on: e.occurred_on, reverses_seq: e.reverses_seq }),
      type: e.type,
      subjects: e.subjects,
      postings: postings.map((p) => ({
        idx: p.idx,
        account: p.account,
        amount: fenToYuan(BigInt(p.amount)),
        fund: chains.has(p.fund_id) ? fundShare(chains, p.fund_id, BigInt(p.amount)) : null,
        asset: assets.get(p.fund_id) ?? null,
      })),
      paidByFund: [...paid].map(([fundId, amount]) => fundShare(chains, fundId, amount)),
      disbursement: d ? disbursementRef(d) : null,
    };
  }
}

function disbursementRef(d: DescribedDisbursement): DisbursementRefDto {
  return {
    id: d.id,
    projectId: d.project_id,
    kind: d.kind,
    amount: fenToYuan(BigInt(d.amount)),
    paidOn: d.paid_on,
    payeeName: d.payee_name,
    payeeType: d.payee_type,
    accountMasked: d.account_no ? maskAccount(d.account_no) : null,
    voucherNo: d.voucher_no,
    reversedSeq: d.reversed_seq === null ? null : Number(d.reversed_seq),
  };
}
