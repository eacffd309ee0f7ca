import type { Actor } from '../auth/role';
import { fenToYuan } from '../common/money';
import type { DemoClient } from '../demo/demo-client';
import { CreateHouseholdDto, ExitHouseholdDto } from '../households/dto/household.dto';
import { HouseholdsService } from '../households/households.service';
import { ReverseEntryDto } from '../journal/dto/ledger.dto';
import { LedgerReadService } from '../journal/http/ledger-read.service';
import { PublishNoticeDto } from '../notices/dto/notice.dto';
import { NoticesService } from '../notices/notices.service';
import { CreateDisbursementDto } from '../projects/dto/disbursement.dto';
import { PostDisbursementService } from '../projects/post-disbursement.service';
import type { GenCounty } from './province-regions';
import { townshipOf } from './province-regions';
import type { GenHousehold } from './county-plan';
import type { PayeeRef } from './project-spec';
import { addDays } from './gen-dates';

export type GenEvent = { on: string; order: number; run: () => Promise<unknown> };

/**
 * One county's books being written: village steps are taken by the township, which may act for its villages, and
 * dated steps run in date order so the book's business dates advance with its seqs.
 */
export class CountyRunner {
  readonly householdIds: string[] = [];
  readonly fundIds = new Map<string, string>();
  private queue: GenEvent[] = [];
  /** Queue positions before `head` have run; `unsorted` when a step queued more steps (a payment its reversal). */
  private head = 0;
  private unsorted = true;
  private order = 0;
  private voucher = 0;

  constructor(
    readonly client: DemoClient,
    readonly county: GenCounty,
    readonly households: GenHousehold[],
    private readonly onWrite: () => void,
  ) {}

  async actors(): Promise<void> {
    const c = this.county;
    await this.client.actor(`gen ${c.name}财政局`, 'finance', c.code);
    await this.client.actor(`gen ${c.name}乡村振兴局`, 'program', c.code);
    for (const t of c.townships) await this.client.actor(`gen ${t} 乡镇人民政府`, 'township', t);
  }

  get finance(): Actor {
    return this.client.as('finance', this.county.code);
  }
  get program(): Actor {
    return this.client.as('program', this.county.code);
  }
  /** The village committee (created on first use), or the township government of a township project. */
  local(regionCode: string): Promise<Actor> {
    if (regionCode === townshipOf(regionCode)) return Promise.resolve(this.client.as('township', regionCode));
    return this.client.actor(`gen ${regionCode} 村民委员会`, 'village', regionCode);
  }

  at(on: string, run: () => Promise<unknown>): void {
    this.queue.push({ on, order: this.order++, run });
    this.unsorted = true;
  }

  /** Runs every queued step dated up to `until`, in date order (ties: in the order queued). */
  async runUntil(until: string): Promise<void> {
    for (;;) {
      if (this.unsorted) {
        this.queue = this.queue
          .slice(this.head)
          .sort((a, b) => (a.on === b.on ? a.order - b.order : a.on < b.on ? -1 : 1));
        this.head = 0;
        this.unsorted = false;
      }
      const next = this.queue[this.head];
      if (!next || next.on > until) return;
      this.head++;
      await next.run();
    }
  }

  /** A keyed write, counted for the progress bar. */
  async write<T extends object, R>(
    dto: new () => T,
    body: Record<string, unknown>,
    key: string,
    call: (b: T, k: string) => Promise<R>,
  ): Promise<R> {
    const result = await this.client.write(dto, body, `${this.county.code}:${key}`, call);
    this.onWrite();
    return result;
  }

  async registerHouseholds(): Promise<void> {
    const service = this.client.app.get(HouseholdsService);
    for (const [i, h] of this.households.entries()) {
      const actor = await this.local(h.regionCode);
      const created = await this.write(CreateHouseholdDto, h.body, `household:${i}`, (b, k) =>
        service.create(actor, b, k),
      );
      this.householdIds[i] = created.id;
      if (h.exit) {
        const exit = h.exit;
        this.at(exit.until, () =>
          this.write(ExitHouseholdDto, { ...exit }, `household:${i}:exit`, (b, k) =>
            service.exit(actor, created.id, b, k),
          ),
        );
      }
    }
  }

  async exitNow(index: number, until: string, key: string): Promise<void> {
    const actor = await this.local(this.households[index].regionCode);
    await this.write(ExitHouseholdDto, { until, reason: '家庭成员外出务工收入稳定,经评议退出' }, key, (b, k) =>
      this.client.app.get(HouseholdsService).exit(actor, this.householdIds[index], b, k),
    );
  }

  payee(ref: PayeeRef, contractor?: { name: string; accountNo: string }): Record<string, unknown> {
    if ('household' in ref) {
      const h = this.households[ref.household];
      return { name: h.body.headName, type: 'household', householdId: this.householdIds[ref.household] };
    }
    if ('contractor' in ref) return { name: contractor!.name, type: 'contractor', accountNo: contractor!.accountNo };
    return { ...ref };
  }

  /** One payment (拨付) by the county finance bureau; answers the disbursement id and its entry. */
  async pay(
    projectId: string,
    key: string,
    body: { kind: string; amount: bigint; paidOn: string; payee: Record<string, unknown> },
  ): Promise<{ id: string; book: string; entrySeq: number }> {
    const voucherNo = `${this.county.name}财拨〔${body.paidOn.slice(0, 4)}〕${++this.voucher}号`;
    return this.write(CreateDisbursementDto, { ...body, amount: fenToYuan(body.amount), voucherNo }, key, (b, k) =>
      this.client.app.get(PostDisbursementService).post(this.finance, projectId, b, k),
    );
  }

  async reverse(seq: number, on: string, key: string): Promise<void> {
    await this.write(ReverseEntryDto, { reason: '收款人信息录入错误,冲销后重新拨付', reversedOn: on }, key, (b, k) =>
      this.client.app.get(LedgerReadService).reverse(this.finance, this.county.code, seq, b, k),
    );
  }

  /** 资金分配结果公告 of the county's year. */
  async announce(on: string, year: number): Promise<void> {
    const body = {
      type: 'announcement',
      regionCode: this.county.code,
      periodStart: on,
      issuer: `${this.county.name}乡村振兴局`,
      hotline: { local: '0731-12317' },
    };
    await this.write(PublishNoticeDto, body, `announcement:${year}`, (b, k) =>
      this.client.app.get(NoticesService).publish(this.program, b, k),
    );
  }

  /** A project notice (三公示) from the day after `after`, for its minimum period. */
  async notice(
    projectId: string,
    regionCode: string,
    type: 'application' | 'approval' | 'completion',
    after: string,
    key: string,
  ): Promise<void> {
    const days = { application: 7, approval: 10, completion: 5 }[type];
    const periodStart = addDays(after, 1);
    const actor = type === 'approval' ? this.program : await this.local(regionCode);
    const issuer = type === 'approval' ? `${this.county.name}乡村振兴局` : `${regionCode} 村民委员会`;
    const body = {
      type,
      projectId,
      periodStart,
      periodEnd: addDays(periodStart, days),
      hotline: { local: '0731-12317' },
      issuer,
    };
    await this.write(PublishNoticeDto, body, `${key}:notice:${type}`, (b, k) =>
      this.client.app.get(NoticesService).publish(actor, b, k),
    );
  }
}
