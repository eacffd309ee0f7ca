import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/role';
import { assertNotBefore } from '../common/business-date';
import { DomainError } from '../common/errors/domain-error';
import { fenToYuan, yuanToFen } from '../common/money';
import { appConfig, type AppConfig } from '../config/app.config';
import type { PostingDraft } from '../journal/append/entry-draft';
import { findHousehold } from '../projects/household-eligibility';
import { Asset } from './asset.entities';
import { AssetJournal } from './asset-journal.service';
import { AssetReadService } from './asset-read.service';
import { assertApprovalOrder, assertCountyOffice, assertNotDisposed, earnsIncome, loadAsset } from './asset-rules';
import {
  ASSET_DISPOSED,
  ASSET_INCOME_DISTRIBUTED,
  ASSET_INCOME_RECEIVED,
  AssetDisposedPayload,
  AssetDistributedPayload,
  AssetIncomePayload,
  DistributionItemPayload,
} from './assets.projection';
import { DistributeIncomeDto, DisposeAssetDto, RecordIncomeDto } from './dto/asset.dto';
import { AssetDto, AssetWarningDto, DistributionResultDto } from './dto/asset-view.dto';

const REGISTRATION = "the asset's registration";
const REGISTRATION_ZH = '资产登记日期';

/**
 * An asset's money (docs/assets.md): its own fund in the county book. Income flows from `operation:<asset>`
 * into `asset-income:<asset>` (never negative), distributions on to payees or `collective:<village>`;
 * disposal proceeds go to `collective:<village>` or `treasury:<county>`.
 */
@Injectable()
export class AssetMoneyService {
  constructor(
    private readonly assets: AssetJournal,
    private readonly reader: AssetReadService,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  /** 收益: operating assets only, not before registration, not after disposal. */
  async income(actor: Actor, id: string, dto: RecordIncomeDto, idempotencyKey?: string): Promise<AssetDto> {
    const { book } = await this.assets.inScope(actor, id);
    const amount = yuanToFen(dto.amount);
    const incomeId = randomUUID();
    await this.assets.append(
      book,
      async ({ em }) => {
        const asset = await loadAsset(em, id);
        assertNotDisposed(asset, 'record income');
        if (!earnsIncome(asset)) {
          throw new DomainError(
            'INVALID_STATE',
            `Only operating assets (经营性资产) earn income; ${asset.assetNo} is ${asset.assetClass} / 非经营性资产不能登记收益`,
            { assetClass: asset.assetClass },
          );
        }
        assertNotBefore(dto.receivedOn, asset.registeredOn, REGISTRATION, 'receivedOn', REGISTRATION_ZH);
        const payload: AssetIncomePayload = {
          incomeId,
          assetId: id,
          amount: amount.toString(),
          period: dto.period,
          source: dto.source,
        };
        return {
          type: ASSET_INCOME_RECEIVED,
          occurredOn: dto.receivedOn,
          actor: actor.userId,
          subjects: [`asset:${id}`],
          payload,
          postings: [
            { account: `operation:${id}`, fund: id, amount: -amount },
            { account: `asset-income:${id}`, fund: id, amount },
          ],
        };
      },
      idempotencyKey,
    );
    return this.reader.view(id);
  }

  /** 分配: at most the income received by then and not yet distributed; to listed households of the asset's village. */
  async distribute(
    actor: Actor,
    id: string,
    dto: DistributeIncomeDto,
    idempotencyKey?: string,
  ): Promise<DistributionResultDto> {
    const { book } = await this.assets.inScope(actor, id);
    const items: DistributionItemPayload[] = dto.items.map((item, i) => {
      if ((item.householdId === undefined) === (item.purpose === undefined)) {
        throw new DomainError(
          'VALIDATION_FAILED',
          `items[${i}] needs either householdId or purpose / 每项须指定农户或用途`,
        );
      }
      return {
        ...(item.householdId ? { householdId: item.householdId } : { purpose: item.purpose }),
        amount: yuanToFen(item.amount).toString(),
      };
    });
    const households = items.flatMap((i) => (i.householdId ? [i.householdId] : []));
    if (new Set(households).size !== households.length)
      throw new DomainError('VALIDATION_FAILED', 'A household appears twice in one distribution / 同一农户重复');
    const total = items.reduce((s, i) => s + BigInt(i.amount), 0n);
    const distributionId = randomUUID();
    let warnings: AssetWarningDto[] = [];
    const entry = await this.assets.append(
      book,
      async ({ em }) => {
        const asset = await loadAsset(em, id);
        assertNotDisposed(asset, 'distribute income');
        assertNotBefore(dto.distributedOn, asset.registeredOn, REGISTRATION, 'distributedOn', REGISTRATION_ZH);
        for (const householdId of households) await assertVillageHousehold(em, asset, householdId, dto.distributedOn);
        await assertIncomeCovers(em, asset, dto.distributedOn, total);
        warnings =
          this.config.assetPriorityCheck === 'warn'
            ? await priorityWarnings(em, asset, households, dto.distributedOn)
            : [];
        const payload: AssetDistributedPayload = { distributionId, assetId: id, total: total.toString(), items };
        const postings: PostingDraft[] = [
          { account: `asset-income:${id}`, fund: id, amount: -total },
          ...items.map((i) => ({ account: recipientAccount(asset, i), fund: id, amount: BigInt(i.amount) })),
        ];
        return {
          type: ASSET_INCOME_DISTRIBUTED,
          occurredOn: dto.distributedOn,
          actor: actor.userId,
          subjects: [`asset:${id}`, ...households.map((h) => `household:${h}`)],
          payload,
          postings,
        };
      },
      idempotencyKey,
    );
    const done = entry.document.payload;
    return {
      distributionId: done.distributionId,
      entrySeq: entry.seq,
      total: fenToYuan(BigInt(done.total)),
      items: done.items.map((i) => ({
        householdId: i.householdId ?? null,
        purpose: i.purpose ?? null,
        amount: fenToYuan(BigInt(i.amount)),
      })),
      warnings,
      asset: await this.reader.view(id),
    };
  }

  /** 处置: village assembly → township → county approval → disposal, in that order; proceeds as accounts. */
  async dispose(actor: Actor, id: string, dto: DisposeAssetDto, idempotencyKey?: string): Promise<AssetDto> {
    assertCountyOffice(actor, 'disposed of');
    assertApprovalOrder(dto);
    const { book } = await this.assets.inScope(actor, id);
    const proceeds = yuanToFen(dto.proceeds);
    await this.assets.append(
      book,
      async ({ em }) => {
        const asset = await loadAsset(em, id);
        assertNotDisposed(asset, 'dispose of it again');
        assertNotBefore(dto.villageAssemblyOn, asset.registeredOn, REGISTRATION, 'villageAssemblyOn', REGISTRATION_ZH);
        assertNotBefore(
          dto.disposedOn,
          await lastActivityOn(em, asset),
          "the asset's last step, income or distribution",
          'disposedOn',
        );
        const undistributed = asset.incomeTotal - asset.distributedTotal;
        if (undistributed > 0n) {
          throw new DomainError(
            'INVALID_STATE',
            `Distribute the remaining income of ${fenToYuan(undistributed)} first (e.g. to the collective) / 请先分配剩余收益`,
            {
              undistributed: fenToYuan(undistributed),
            },
          );
        }
        const target =
          dto.proceedsTo === 'county_treasury'
            ? `treasury:${book}`
            : asset.villageCode
              ? `collective:${asset.villageCode}`
              : undefined;
        if (!target)
          throw new DomainError(
            'VALIDATION_FAILED',
            `Asset ${asset.assetNo} belongs to no village: its proceeds go to the county treasury / ` +
              '该资产不属于某村,处置收入应缴县级国库',
          );
        const payload: AssetDisposedPayload = {
          assetId: id,
          method: dto.method,
          villageAssemblyOn: dto.villageAssemblyOn,
          townshipApprovedOn: dto.townshipApprovedOn,
          countyApprovedOn: dto.countyApprovedOn,
          proceeds: proceeds.toString(),
          proceedsTo: dto.proceedsTo,
          ...(dto.docNo ? { docNo: dto.docNo } : {}),
        };
        return {
          type: ASSET_DISPOSED,
          occurredOn: dto.disposedOn,
          actor: actor.userId,
          subjects: [`asset:${id}`],
          payload,
          postings:
            proceeds > 0n
              ? [
                  { account: `operation:${id}`, fund: id, amount: -proceeds },
                  { account: target, fund: id, amount: proceeds },
                ]
              : [],
        };
      },
      idempotencyKey,
    );
    return this.reader.view(id, { history: true });
  }
}

/** Where a distribution line's money goes. */
function recipientAccount(asset: Asset, item: DistributionItemPayload): string {
  if (item.householdId) return `payee:household.${item.householdId}`;
  const place = asset.villageCode ?? asset.location;
  return item.purpose === 'collective' ? `collective:${place}` : `payee:${item.purpose}.${place}`;
}

/** Income received on or before the date, less everything distributed so far (whatever its date). */
async function assertIncomeCovers(em: EntityManager, asset: Asset, on: string, total: bigint): Promise<void> {
  const [{ received }]: Array<{ received: string }> = await em.query(
    `SELECT coalesce(sum(amount), 0)::text AS received FROM asset_income
      WHERE asset_id = $1 AND reversed_seq IS NULL AND received_on <= $2`,
    [asset.id, on],
  );
  const available = BigInt(received) - asset.distributedTotal;
  if (total > available) {
    throw new DomainError(
      'INSUFFICIENT_INCOME',
      `Distributing ${fenToYuan(total)} but only ${fenToYuan(available > 0n ? available : 0n)} ` +
        `of income is undistributed on ${on} / 分配金额超过未分配收益`,
      {
        requested: fenToYuan(total),
        available: fenToYuan(available > 0n ? available : 0n),
      },
    );
  }
}

async function assertVillageHousehold(em: EntityManager, asset: Asset, householdId: string, on: string): Promise<void> {
  const h = await findHousehold(em, householdId);
  const why = !h
    ? 'is not registered'
    : h.regionCode !== asset.villageCode
      ? `is not of the asset's village ${asset.villageCode ?? '(none)'}`
      : h.since > on || (h.until !== null && h.until <= on)
        ? `is not on the list on ${on}`
        : undefined;
  if (why)
    throw new DomainError('HOUSEHOLD_NOT_ELIGIBLE', `Household ${householdId} ${why} / 该户不符合分配条件`, {
      householdId,
      distributedOn: on,
    });
}

/** DOMAIN.md: households without labour capacity first; those left out this year while others got paid → a warning. */
async function priorityWarnings(
  em: EntityManager,
  asset: Asset,
  paid: string[],
  on: string,
): Promise<AssetWarningDto[]> {
  if (!asset.villageCode) return [];
  const rows: Array<{ id: string }> = await em.query(
    `SELECT h.id FROM household h
      WHERE h.region_code = $1 AND h.labor_capacity = 'none' AND h.since <= $2 AND (h.until IS NULL OR h.until > $2)
        AND NOT (h.id = ANY($3::uuid[]))
        AND NOT EXISTS (SELECT 1 FROM asset_distribution d
                         WHERE d.asset_id = $4 AND d.household_id = h.id AND d.reversed_seq IS NULL
                           AND date_trunc('year', d.distributed_on) = date_trunc('year', $2::date))
      ORDER BY h.id`,
    [asset.villageCode, on, paid, asset.id],
  );
  if (!rows.length) return [];
  return [
    {
      code: 'PRIORITY_SKIPPED',
      message:
        `${rows.length} listed household(s) without labour capacity in village ${asset.villageCode} ` +
        'got nothing from this asset this year while others did / 无劳动能力户未优先分配',
      householdIds: rows.map((r) => r.id),
    },
  ];
}

/** The latest date of anything recorded about the asset: a disposal may not be dated before it. */
async function lastActivityOn(em: EntityManager, asset: Asset): Promise<string> {
  const [{ last }]: Array<{ last: string | null }> = await em.query(
    `SELECT greatest((SELECT max(received_on) FROM asset_income WHERE asset_id = $1),
                     (SELECT max(distributed_on) FROM asset_distribution WHERE asset_id = $1))::text AS last`,
    [asset.id],
  );
  return last !== null && last > asset.lastStepOn ? last : asset.lastStepOn;
}
