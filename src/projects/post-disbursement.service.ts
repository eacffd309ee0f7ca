import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '../auth/role';
import { DomainError, notFound } from '../common/errors/domain-error';
import { fenToYuan, yuanToFen } from '../common/money';
import type { AppendContext, EntryDraft, PostingDraft } from '../journal/append/entry-draft';
import { assertNoticeGate } from '../notices/notice-gates';
import { planPayment, type PaymentPlan } from './disbursement-rules';
import { payeeAccountRows } from './disbursement.entity';
import { loadPaymentState, paymentState, type PaymentState } from './disbursement-state';
import { CreateDisbursementDto, DisbursementDto, PayeeDto } from './dto/disbursement.dto';
import { assertHouseholdEligible } from './household-eligibility';
import { ProjectJournal } from './project-journal.service';
import { releasePostings } from './project-lifecycle.service';
import { maskAccount, ProjectReadService } from './project-read.service';
import { DISBURSEMENT_PAID, DisbursementPaidPayload } from './projects.projection';

/**
 * The id of the payee's `payee:<key>` account: a household by its id; an organisation by a hash of its name, so
 * all payments to one contractor add up in one account without its name in the path.
 */
export function payeeKey(payee: PayeeDto): string {
  if (payee.type === 'household') return `household.${payee.householdId}`;
  return `${payee.type}.${createHash('sha256').update(payee.name.trim()).digest('hex').slice(0, 32)}`;
}

function checkPayee(dto: CreateDisbursementDto): void {
  const { payee } = dto;
  const problem =
    payee.type === 'household' && !payee.householdId
      ? 'a household payee needs payee.householdId'
      : payee.type !== 'household' && payee.householdId
        ? 'payee.householdId is only for household payees'
        : dto.kind === 'household' && payee.type !== 'household'
          ? 'a household payment goes to a household payee'
          : undefined;
  if (problem) throw new DomainError('VALIDATION_FAILED', `${problem} / 收款人信息不符`);
}

/**
 * Every rule of a payment, in the order the payment checks them; throws the first one broken. The payment
 * runs it under the book lock; the console runs it beforehand (PostDisbursementService.check).
 */
async function assertPayable(
  em: EntityManager,
  query: AppendContext['query'],
  projectId: string,
  book: string,
  regionCode: string,
  dto: CreateDisbursementDto,
  read?: PaymentState,
): Promise<PaymentPlan> {
  const amount = yuanToFen(dto.amount);
  const { project, lines, voucherUsed } = read ?? (await loadPaymentState(query, projectId, book, dto.voucherNo));
  const plan = planPayment(project, lines, { kind: dto.kind, amount, paidOn: dto.paidOn, fundId: dto.fundId });
  // 先验收、再报账: the payments against the final cost wait for the completion notice.
  if (dto.kind === 'final' || dto.kind === 'retention_release')
    await assertNoticeGate(em, projectId, 'completion', dto.paidOn, `make the ${dto.kind} payment`);
  if (dto.payee.householdId) await assertHouseholdEligible(em, dto.payee.householdId, regionCode, dto.paidOn);
  if (voucherUsed)
    throw new DomainError(
      'ALREADY_EXISTS',
      `Voucher ${dto.voucherNo} is already recorded in book ${book} / 该凭证号已使用`,
    );
  return plan;
}

/** 拨付/报账: a payment out of a project's committed money (project → payee, per fund). */
@Injectable()
export class PostDisbursementService {
  constructor(
    private readonly projects: ProjectJournal,
    private readonly reader: ProjectReadService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /**
   * The payment's rules on the project as it is now, writing nothing: the console shows the refusal before the
   * form is submitted. The payment itself checks again under the lock (something may be paid in between).
   */
  async check(actor: Actor, projectId: string, dto: CreateDisbursementDto): Promise<PaymentPlan> {
    const { book, regionCode } = await this.projects.inScope(actor, projectId);
    checkPayee(dto);
    const query = <T>(sql: string, params: unknown[]) => this.db.query<T[]>(sql, params);
    return assertPayable(this.db.manager, query, projectId, book, regionCode, dto);
  }

  async post(
    actor: Actor,
    projectId: string,
    dto: CreateDisbursementDto,
    idempotencyKey?: string,
  ): Promise<DisbursementDto> {
    const { book, regionCode } = await this.projects.inScope(actor, projectId);
    checkPayee(dto);
    const id = randomUUID();
    const amount = yuanToFen(dto.amount);
    const key = payeeKey(dto.payee);
    const entry = await this.projects.append(
      book,
      async ({ em, alsoInsert, query, readResult }): Promise<EntryDraft<DisbursementPaidPayload>> => {
        const state = readResult();
        if (state === null) throw notFound('Project', projectId);
        const plan = await assertPayable(em, query, projectId, book, regionCode, dto, state ?? undefined);
        if (dto.payee.accountNo) alsoInsert(payeeAccountRows, { disbursement_id: id, account_no: dto.payee.accountNo });

        const postings: PostingDraft[] = [
          ...plan.shares.flatMap((s) => [
            { account: `project:${projectId}`, fund: s.fundId, amount: -s.amount },
            { account: `payee:${key}`, fund: s.fundId, amount: s.amount },
          ]),
          ...releasePostings(book, projectId, plan.releases),
        ];
        const funds = [...new Set([...plan.shares, ...plan.releases].map((s) => s.fundId))];
        return {
          type: DISBURSEMENT_PAID,
          occurredOn: dto.paidOn,
          actor: actor.userId,
          subjects: [
            `project:${projectId}`,
            `disbursement:${id}`,
            ...funds.map((f) => `fund:${f}`),
            ...(dto.payee.householdId ? [`household:${dto.payee.householdId}`] : []),
          ],
          payload: {
            disbursementId: id,
            projectId,
            kind: dto.kind,
            amount: amount.toString(),
            // A household is referenced by id only: its head's name is personal data.
            payee: dto.payee.householdId
              ? { type: dto.payee.type, key, householdId: dto.payee.householdId }
              : { name: dto.payee.name, type: dto.payee.type, key },
            voucherNo: dto.voucherNo,
            funding: plan.shares.map((s) => ({ fundId: s.fundId, amount: s.amount.toString() })),
            settles: plan.settles,
          },
          postings,
        };
      },
      idempotencyKey,
      { checksFirst: true, read: paymentState.for({ projectId, book, voucherNo: dto.voucherNo, payee: key }) },
    );
    const paid = entry.document.payload;
    // A new payment to an organisation is answered from its own entry, as GET shows it (bench: two
    // queries less); replays and household payees (their name lives in the household table) are read.
    if (!entry.replayed && !paid.payee.householdId)
      return answerOf(entry.book, entry.seq, entry.document.occurredOn, paid, dto.payee.accountNo);
    return this.reader.disbursement(paid.disbursementId);
  }
}

function answerOf(
  book: string,
  entrySeq: number,
  paidOn: string,
  paid: DisbursementPaidPayload,
  accountNo: string | undefined,
): DisbursementDto {
  return {
    id: paid.disbursementId,
    projectId: paid.projectId,
    book,
    entrySeq,
    kind: paid.kind,
    amount: fenToYuan(BigInt(paid.amount)),
    paidOn,
    payee: {
      name: paid.payee.name ?? '',
      type: paid.payee.type,
      accountNo: accountNo ? maskAccount(accountNo) : null,
      householdId: null,
    },
    voucherNo: paid.voucherNo,
    funding: paid.funding.map((s) => ({ fundId: s.fundId, amount: fenToYuan(BigInt(s.amount)) })),
    settles: paid.settles,
    reversedSeq: null,
  };
}
