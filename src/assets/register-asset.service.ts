import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/role';
import { assertInScope } from '../auth/scope';
import { assertNotBefore } from '../common/business-date';
import { DomainError, notFound } from '../common/errors/domain-error';
import { fenToYuan, yuanToFen } from '../common/money';
import { bookOfRegion } from '../common/region-code';
import { assertStatus, loadFunding, loadProject, STEP_FROM } from '../projects/project-rules';
import { Asset } from './asset.entities';
import { AssetJournal } from './asset-journal.service';
import { AssetReadService } from './asset-read.service';
import { assertCountyOffice, assertNotDisposed, loadAsset, resolveOwner, villageOf } from './asset-rules';
import {
  ASSET_REGISTERED,
  ASSET_TRANSFERRED,
  AssetRegisteredPayload,
  AssetTransferredPayload,
} from './assets.projection';
import { attributeProRata, FundWeight } from './attribution';
import { RegisterAssetDto, TransferAssetDto } from './dto/asset.dto';
import { AssetDto } from './dto/asset-view.dto';

const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

/** 资产编号: county, year of registration, running number in the county book. */
async function nextAssetNo(em: EntityManager, book: string, registeredOn: string): Promise<string> {
  const [{ n }]: Array<{ n: number }> = await em.query(`SELECT count(*)::int AS n FROM asset WHERE book = $1`, [book]);
  return `ZC${book.slice(0, 6)}-${registeredOn.slice(0, 4)}-${String(n + 1).padStart(5, '0')}`;
}

/**
 * Paid into the project and not yet attributed, per fund in commitment order: the attribution's weights.
 * Using the remainder keeps every fund's attributions within what it paid, across all the assets.
 */
async function unattributed(em: EntityManager, projectId: string): Promise<{ paid: bigint; weights: FundWeight[] }> {
  const lines = await loadFunding(em, projectId);
  const rows: Array<{ fund_id: string; total: string }> = await em.query(
    `SELECT fund_id, sum(amount)::text AS total FROM asset_funding WHERE project_id = $1 GROUP BY fund_id`,
    [projectId],
  );
  const attributed = new Map(rows.map((r) => [r.fund_id, BigInt(r.total)]));
  const weights = lines.map((l) => {
    const rest = l.disbursed - (attributed.get(l.fundId) ?? 0n);
    return { fundId: l.fundId, weight: rest > 0n ? rest : 0n };
  });
  return { paid: sum(lines.map((l) => l.disbursed)), weights };
}

/** 确权登记 and 移交: registering the assets an accepted project left behind, and handing them over. */
@Injectable()
export class RegisterAssetService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly assets: AssetJournal,
    private readonly reader: AssetReadService,
  ) {}

  async register(actor: Actor, projectId: string, dto: RegisterAssetDto, idempotencyKey?: string): Promise<AssetDto> {
    assertCountyOffice(actor, 'registered');
    const { book, regionCode } = await loadProject(this.db.manager, projectId);
    assertInScope(actor, regionCode);
    assertInScope(actor, dto.location);
    if (bookOfRegion(dto.location) !== book) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `location ${dto.location} is outside the project's county ${book} / 资产坐落不在项目所在县`,
      );
    }
    if (!(await this.db.query(`SELECT 1 FROM region WHERE code = $1`, [dto.location])).length)
      throw notFound('Region', dto.location);
    const id = randomUUID();
    const value = yuanToFen(dto.value);
    const entry = await this.assets.append(
      book,
      async ({ em }) => {
        const project = await loadProject(em, projectId);
        assertStatus(project, STEP_FROM.registerAssets, 'register assets of the project');
        assertNotBefore(dto.registeredOn, project.acceptedOn!, "the project's acceptance", 'registeredOn');
        const villageCode = villageOf(dto.location, dto.owner);
        const owner = await resolveOwner(em, dto.owner, {
          assetClass: dto.assetClass,
          book,
          villageCode,
          on: dto.registeredOn,
        });
        const { paid, weights } = await unattributed(em, projectId);
        const [{ registered }]: Array<{ registered: string }> = await em.query(
          `SELECT coalesce(sum(value), 0)::text AS registered FROM asset WHERE project_id = $1`,
          [projectId],
        );
        if (BigInt(registered) + value > paid) {
          throw new DomainError(
            'ASSET_VALUE_EXCEEDS_PAID',
            `Asset values would total ${fenToYuan(BigInt(registered) + value)}, ` +
              `more than the ${fenToYuan(paid)} paid for the project / 资产价值超出项目已支付金额`,
            {
              paid: fenToYuan(paid),
              registered: fenToYuan(BigInt(registered)),
              value: dto.value,
            },
          );
        }
        const funding = attributeProRata(value, weights);
        const payload: AssetRegisteredPayload = {
          assetId: id,
          assetNo: await nextAssetNo(em, book, dto.registeredOn),
          projectId,
          name: dto.name,
          assetClass: dto.assetClass,
          location: dto.location,
          ...(villageCode ? { villageCode } : {}),
          value: value.toString(),
          ...((dto.builtOn ?? project.completedOn) ? { builtOn: dto.builtOn ?? project.completedOn! } : {}),
          ...(project.acceptedOn ? { acceptedOn: project.acceptedOn } : {}),
          owner,
          ...(dto.operator ? { operator: dto.operator } : {}),
          custodian: dto.custodian,
          ...(dto.responsiblePerson ? { responsiblePerson: dto.responsiblePerson } : {}),
          ...(dto.certificateNo ? { certificateNo: dto.certificateNo } : {}),
          beneficiaries: dto.beneficiaries
            ? { households: dto.beneficiaries.households, persons: dto.beneficiaries.persons }
            : { households: project.beneficiaryHouseholds, persons: project.beneficiaryPersons },
          funding: funding.map((f) => ({ fundId: f.fundId, amount: f.amount.toString() })),
        };
        return {
          type: ASSET_REGISTERED,
          occurredOn: dto.registeredOn,
          actor: actor.userId,
          subjects: [
            `asset:${id}`,
            `project:${projectId}`,
            ...funding.map((f) => `fund:${f.fundId}`),
            ...(owner.householdId ? [`household:${owner.householdId}`] : []),
          ],
          payload,
          // The asset's own fund in the book: its income and disposal proceeds are tagged with it,
          // so they never mix with fiscal funds (docs/assets.md).
          newFunds: [id],
        };
      },
      idempotencyKey,
    );
    return this.reader.view(entry.replayed ? entry.document.payload.assetId : id, { history: true });
  }

  /** 移交: a new owner (same ownership rules) and custodian, with the hand-over document; history kept. */
  async transfer(actor: Actor, id: string, dto: TransferAssetDto, idempotencyKey?: string): Promise<AssetDto> {
    assertCountyOffice(actor, 'handed over');
    const { book } = await this.assets.inScope(actor, id);
    await this.assets.append(
      book,
      async ({ em }) => {
        const asset: Asset = await loadAsset(em, id);
        assertNotDisposed(asset, 'hand it over');
        assertNotBefore(dto.transferredOn, asset.lastStepOn, "the asset's last step", 'transferredOn');
        const owner = await resolveOwner(em, dto.to, {
          assetClass: asset.assetClass,
          book,
          villageCode: asset.villageCode,
          on: dto.transferredOn,
        });
        const operator = dto.operator ?? asset.operator;
        const responsiblePerson = dto.responsiblePerson ?? asset.responsiblePerson;
        const payload: AssetTransferredPayload = {
          assetId: id,
          docNo: dto.docNo,
          owner,
          ...(operator ? { operator } : {}),
          custodian: dto.custodian ?? asset.custodian,
          ...(responsiblePerson ? { responsiblePerson } : {}),
        };
        return {
          type: ASSET_TRANSFERRED,
          occurredOn: dto.transferredOn,
          actor: actor.userId,
          subjects: [`asset:${id}`, ...(owner.householdId ? [`household:${owner.householdId}`] : [])],
          payload,
        };
      },
      idempotencyKey,
    );
    return this.reader.view(id, { history: true });
  }
}
