import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/role';
import { assertInScope } from '../../auth/scope';
import { DomainError } from '../../common/errors/domain-error';
import { fenToYuan } from '../../common/money';
import { CheckpointService } from '../checkpoints/checkpoint.service';
import { SigningKeyService } from '../checkpoints/signing-key.service';
import type { EntryDto, ReverseEntryDto, VerifyReportDto } from '../dto/ledger.dto';
import { EntryView, JournalService } from '../journal.service';
import { connectionStringOf, verifyBook } from '../verify/chain-verifier';
import { ReadRouter } from '../../database/replicas/read-router';

export function toEntryDto(
  e: Pick<EntryView, 'book' | 'seq' | 'hash' | 'prevHash' | 'canonical' | 'document'>,
): EntryDto {
  const d = e.document;
  return {
    book: e.book,
    seq: e.seq,
    type: d.type,
    occurredOn: d.occurredOn,
    recordedAt: d.recordedAt,
    actor: d.actor,
    subjects: d.subjects,
    payload: d.payload,
    postings: d.postings.map((p) => ({ account: p.account, fund: p.fund, amount: fenToYuan(BigInt(p.amount)) })),
    ...(d.reverses !== undefined ? { reverses: d.reverses } : {}),
    hash: e.hash,
    prevHash: e.prevHash,
    canonical: e.canonical,
  };
}

/** Ledger use cases behind the HTTP routes; a book is readable by whoever's region contains it. */
@Injectable()
export class LedgerReadService {
  constructor(
    private readonly reads: ReadRouter,
    private readonly journal: JournalService,
    private readonly checkpoints: CheckpointService,
    private readonly key: SigningKeyService,
  ) {}

  /** A replica when one can answer this read, else the primary (ReadRouter). */
  private get db(): DataSource {
    return this.reads.source();
  }

  async entries(actor: Actor, book: string, fromSeq: number, limit: number): Promise<EntryDto[]> {
    assertInScope(actor, book);
    return (await this.journal.entries(book, fromSeq, limit)).map(toEntryDto);
  }

  verify(actor: Actor, book: string): Promise<VerifyReportDto> {
    assertInScope(actor, book);
    return verifyBook((sql, params) => this.db.query(sql, params), book, {
      publicKey: this.key.publicKey,
      connectionString: connectionStringOf(this.db),
    });
  }

  checkpoint(actor: Actor, book: string) {
    assertInScope(actor, book);
    return this.checkpoints.checkpoint(book);
  }

  async reverse(
    actor: Actor,
    book: string,
    seq: number,
    dto: ReverseEntryDto,
    idempotencyKey?: string,
  ): Promise<EntryDto> {
    assertInScope(actor, book);
    if (actor.role !== 'finance' && !(await this.journal.entry(book, seq)).document.type.startsWith('asset.')) {
      throw new DomainError(
        'FORBIDDEN',
        'The program office corrects asset entries only; fund documents and payments are for finance / 仅财政可冲销资金和拨付记录',
      );
    }
    const entry = await this.journal.reverse(book, seq, { ...dto, actor: actor.userId }, idempotencyKey);
    return toEntryDto(await this.journal.entry(entry.book, entry.seq));
  }
}
