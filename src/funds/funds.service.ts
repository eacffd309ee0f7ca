import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/role';
import { assertInScope, canRead } from '../auth/scope';
import { DomainError, notFound } from '../common/errors/domain-error';
import { fenToYuan, yuanToFen } from '../common/money';
import { NumberedPage, Page, pageLimit, subtreeNumberedPage, subtreePageQuery, toPage } from '../common/pagination';
import { bookOfRegion, isWithin, levelOfCode } from '../common/region-code';
import { JournalService } from '../journal/journal.service';
import { RegionsService } from '../regions/regions.service';
import { AllocateFundDto, CreateFundDto, FundDto, ListFundsQuery } from './dto/fund.dto';
import { Fund } from './fund.entity';
import { FundPayload, fundsProjection } from './funds.projection';

const BOOK_LEVELS = new Set(['province', 'city', 'county']);

/** Fund documents (指标文件) and their allocation down the levels; amounts are journal balances, never stored twice. */
@Injectable()
export class FundsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly journal: JournalService,
    private readonly regions: RegionsService,
  ) {}

  onModuleInit(): void {
    this.journal.registerProjection(fundsProjection);
  }

  async create(actor: Actor, dto: CreateFundDto, idempotencyKey?: string): Promise<FundDto> {
    assertInScope(actor, dto.regionCode);
    await this.assertBookRegion(dto.regionCode);
    const book = bookOfRegion(dto.regionCode);
    await this.assertDocNoFree(book, dto.docNo, idempotencyKey);
    const id = randomUUID();
    const amount = yuanToFen(dto.amount);
    const payload: FundPayload = {
      fundId: id,
      docNo: dto.docNo,
      title: dto.title,
      sourceLevel: dto.sourceLevel,
      regionCode: dto.regionCode,
      amount: amount.toString(),
      ...(dto.purpose ? { purpose: dto.purpose } : {}),
    };
    const entry = await this.journal.append(
      book,
      {
        type: 'fund.received',
        occurredOn: dto.issuedOn,
        actor: actor.userId,
        subjects: [`fund:${id}`],
        payload,
        newFunds: [id],
        postings: [
          { account: `source:${dto.sourceLevel}`, fund: id, amount: -amount },
          { account: `pool:${book}`, fund: id, amount },
        ],
      },
      { idempotencyKey },
    );
    return this.view(entry.replayed ? entry.document.payload.fundId : id);
  }

  /** Passes part of a fund down to a lower region: one entry in each book, committed together. */
  async allocate(actor: Actor, parentId: string, dto: AllocateFundDto, idempotencyKey?: string): Promise<FundDto> {
    const parent = await this.fund(parentId);
    assertInScope(actor, parent.regionCode);
    await this.assertBookRegion(dto.toRegionCode);
    if (dto.toRegionCode === parent.regionCode || !isWithin(parent.regionCode, dto.toRegionCode)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `${dto.toRegionCode} is not a region below ${parent.regionCode} / 只能向下级区划分配`,
      );
    }
    if (dto.issuedOn < parent.issuedOn) {
      throw new DomainError(
        'DATE_ORDER',
        `The allocation date ${dto.issuedOn} is before the fund's date ${parent.issuedOn} / 分配日期早于资金文件日期`,
      );
    }
    const childBook = bookOfRegion(dto.toRegionCode);
    await this.assertDocNoFree(childBook, dto.docNo, idempotencyKey);
    const id = randomUUID();
    const amount = yuanToFen(dto.amount);
    const payload: FundPayload = {
      fundId: id,
      docNo: dto.docNo,
      title: parent.title,
      sourceLevel: parent.sourceLevel,
      regionCode: dto.toRegionCode,
      amount: amount.toString(),
      parentFundId: parent.id,
    };
    const subjects = [`fund:${parent.id}`, `fund:${id}`];
    const [, received] = await this.journal.appendAcross([
      {
        book: parent.book,
        idempotencyKey,
        source: {
          type: 'fund.allocated',
          occurredOn: dto.issuedOn,
          actor: actor.userId,
          subjects,
          payload: { fundId: parent.id, childFundId: id, toRegionCode: dto.toRegionCode, docNo: dto.docNo },
          postings: [
            { account: `pool:${parent.book}`, fund: parent.id, amount: -amount },
            { account: `allocated:${childBook}`, fund: parent.id, amount },
          ],
        },
      },
      {
        book: childBook,
        idempotencyKey,
        source: {
          type: 'fund.allocation_received',
          occurredOn: dto.issuedOn,
          actor: actor.userId,
          subjects,
          payload,
          newFunds: [id],
          postings: [
            { account: `transfer:${parent.book}`, fund: id, amount: -amount },
            { account: `pool:${childBook}`, fund: id, amount },
          ],
        },
      },
    ]);
    return this.view(received.document.payload.fundId);
  }

  async get(actor: Actor, id: string): Promise<FundDto> {
    const dto = await this.view(id);
    if (!canRead(actor, dto.regionCode)) assertInScope(actor, dto.regionCode);
    return dto;
  }

  async list(actor: Actor, q: ListFundsQuery): Promise<Page<FundDto>> {
    const regionCode = q.regionCode ?? actor.regionCode;
    assertInScope(actor, regionCode);
    const limit = pageLimit(q);
    const qb = subtreePageQuery(this.db.getRepository(Fund), 'f', 'region_code', regionCode, q);
    if (q.year) qb.andWhere('f.year = :year', { year: q.year });
    const funds = await qb.getMany();
    const amounts = await this.amounts(funds.map((f) => f.id));
    return toPage(
      funds.map((f) => this.toDto(f, amounts.get(f.id))),
      limit,
      (f) => f.id,
    );
  }

  /**
   * A numbered page of the funds in the actor's region subtree, newest document first, and how many there
   * are: the console's trace index shows 第 n 页 and the total, which keyset pages (`list`) cannot tell.
   */
  async numberedPage(actor: Actor, page: number, size: number): Promise<NumberedPage<FundDto>> {
    const order: Array<[string, 'ASC' | 'DESC']> = [
      ['issuedOn', 'DESC'],
      ['id', 'ASC'],
    ];
    const repo = this.db.getRepository(Fund);
    const { items, total } = await subtreeNumberedPage(repo, 'f', 'region_code', actor.regionCode, order, page, size);
    const amounts = await this.amounts(items.map((f) => f.id));
    return { items: items.map((f) => this.toDto(f, amounts.get(f.id))), total };
  }

  async view(id: string): Promise<FundDto> {
    const fund = await this.fund(id);
    return this.toDto(fund, (await this.amounts([id])).get(id));
  }

  private async fund(id: string): Promise<Fund> {
    const fund = /^[0-9a-f-]{36}$/.test(id) ? await this.db.getRepository(Fund).findOneBy({ id }) : null;
    if (!fund) throw notFound('Fund', id);
    return fund;
  }

  /** Balances of each fund's accounts, summed by kind: pool, allocated, project, payee. */
  private async amounts(ids: string[]): Promise<Map<string, Record<string, bigint>>> {
    const rows: Array<{ fund_id: string; kind: string; total: string }> = ids.length
      ? await this.db.query(
          `SELECT fund_id, split_part(account, ':', 1) AS kind, sum(balance)::text AS total
             FROM ledger_account WHERE fund_id = ANY($1::uuid[]) GROUP BY 1, 2`,
          [ids],
        )
      : [];
    const byFund = new Map<string, Record<string, bigint>>();
    for (const r of rows) byFund.set(r.fund_id, { ...byFund.get(r.fund_id), [r.kind]: BigInt(r.total) });
    return byFund;
  }

  private toDto(f: Fund, kinds: Record<string, bigint> = {}): FundDto {
    const yuan = (kind: string) => fenToYuan(kinds[kind] ?? 0n);
    return {
      id: f.id,
      docNo: f.docNo,
      title: f.title,
      sourceLevel: f.sourceLevel,
      regionCode: f.regionCode,
      book: f.book,
      issuedOn: f.issuedOn,
      purpose: f.purpose,
      parentFundId: f.parentFundId,
      entrySeq: f.entrySeq,
      amount: fenToYuan(f.amount),
      allocatedDown: yuan('allocated'),
      committed: yuan('project'),
      disbursed: yuan('payee'),
      available: yuan('pool'),
    };
  }

  private async assertBookRegion(code: string): Promise<void> {
    await this.regions.get(code);
    if (!BOOK_LEVELS.has(levelOfCode(code))) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `Funds are kept by provinces, cities and counties, not by ${levelOfCode(code)} ${code} / 资金只能记入省市县账套`,
      );
    }
  }

  /** A request re-run after a crash (its key's entry committed) skips this: the journal replays its entry. */
  private async assertDocNoFree(book: string, docNo: string, idempotencyKey?: string): Promise<void> {
    if (await this.db.getRepository(Fund).existsBy({ book, docNo })) {
      if (idempotencyKey && (await this.journal.hasKey(book, idempotencyKey))) return;
      throw new DomainError('ALREADY_EXISTS', `Document ${docNo} is already recorded in book ${book} / 该文号已登记`);
    }
  }
}
