import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/role';
import { assertInScope, canRead } from '../auth/scope';
import { businessToday } from '../common/business-date';
import { fenToYuan, yuanToFen } from '../common/money';
import { NumberedPage, Page, pageLimit, subtreeNumberedPage, subtreePageQuery, toPage } from '../common/pagination';
import { subtreePrefix } from '../common/region-code';
import { SOURCE_LEVELS, type SourceLevel } from '../funds/fund.entity';
import { Asset, AssetOwnership } from './asset.entities';
import { loadAsset } from './asset-rules';
import { AssetSummaryQuery, ListAssetsQuery } from './dto/asset.dto';
import { AssetDto, AssetFundingViewDto, AssetLine, AssetSummaryDto, OwnerViewDto } from './dto/asset-view.dto';

type FundingRow = { asset_id: string; fund_id: string; doc_no: string; source_level: SourceLevel; amount: string };
type ProjectRow = { id: string; name: string; approval_doc_no: string | null };
type OwnerColumns = Pick<Asset, 'ownerType' | 'ownerRegionCode' | 'ownerHouseholdId' | 'ownerName'>;

/** What every asset view needs besides the row: project, funding, household heads' names. */
export interface AssetContext {
  projects: Map<string, ProjectRow>;
  funding: Map<string, AssetFundingViewDto[]>;
  names: Map<string, string>;
}

/** Reads of the asset register (资产台账); `listByProject` serves completion notices. */
@Injectable()
export class AssetReadService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(actor: Actor, id: string): Promise<AssetDto> {
    const asset = await loadAsset(this.db.manager, id);
    if (!canRead(actor, asset.location)) assertInScope(actor, asset.location);
    return this.view(asset, { history: true });
  }

  async view(idOrAsset: string | Asset, { history = false } = {}): Promise<AssetDto> {
    const asset = typeof idOrAsset === 'string' ? await loadAsset(this.db.manager, idOrAsset) : idOrAsset;
    const id = asset.id;
    const ownership = history
      ? await this.db.getRepository(AssetOwnership).find({ where: { assetId: id }, order: { position: 'ASC' } })
      : [];
    const ctx = await this.context(
      [asset],
      ownership.flatMap((o) => (o.ownerHouseholdId ? [o.ownerHouseholdId] : [])),
    );
    const dto = this.toDto(asset, ctx);
    if (!history) return dto;
    return {
      ...dto,
      ownership: ownership.map((o) => ({
        owner: ownerView(o, ctx.names),
        operator: o.operator,
        custodian: o.custodian,
        responsiblePerson: o.responsiblePerson,
        fromOn: o.fromOn,
        docNo: o.docNo,
        entrySeq: o.entrySeq,
      })),
    };
  }

  async list(actor: Actor, q: ListAssetsQuery): Promise<Page<AssetDto>> {
    const regionCode = q.regionCode ?? actor.regionCode;
    assertInScope(actor, regionCode);
    const limit = pageLimit(q);
    const qb = subtreePageQuery(this.db.getRepository(Asset), 'a', 'location', regionCode, q);
    if (q.assetClass) qb.andWhere('a.asset_class = :assetClass', { assetClass: q.assetClass });
    if (q.status) qb.andWhere('a.status = :status', { status: q.status });
    const assets = await qb.getMany();
    const ctx = await this.context(assets);
    return toPage(
      assets.map((a) => this.toDto(a, ctx)),
      limit,
      (a) => a.id,
    );
  }

  /** Page n of the assets located in the actor's subtree, in register order (book, asset no.), and the total. */
  async numberedPage(actor: Actor, page: number, size: number): Promise<NumberedPage<AssetDto>> {
    const order: Array<[string, 'ASC' | 'DESC']> = [
      ['book', 'ASC'],
      ['assetNo', 'ASC'],
      ['id', 'ASC'],
    ];
    const repo = this.db.getRepository(Asset);
    const { items, total } = await subtreeNumberedPage(repo, 'a', 'location', actor.regionCode, order, page, size);
    const ctx = await this.context(items);
    return { items: items.map((a) => this.toDto(a, ctx)), total };
  }

  /** Every asset located in a region's subtree, in register order (asset no.), for the export. */
  async register(regionCode: string): Promise<{ assets: Asset[]; ctx: AssetContext }> {
    const assets = await this.db
      .getRepository(Asset)
      .createQueryBuilder('a')
      .where('a.location LIKE :prefix', { prefix: `${subtreePrefix(regionCode)}%` })
      .orderBy('a.book')
      .addOrderBy('a.asset_no')
      .getMany();
    return { assets, ctx: await this.context(assets) };
  }

  /** Income received in a year per asset (not reversed), fen. */
  async incomeInYear(ids: string[], year: number): Promise<Map<string, bigint>> {
    if (!ids.length) return new Map();
    const rows: Array<{ asset_id: string; total: string }> = await this.db.query(
      `SELECT asset_id, sum(amount)::text AS total FROM asset_income
        WHERE asset_id = ANY($1::uuid[]) AND reversed_seq IS NULL
          AND received_on >= make_date($2, 1, 1) AND received_on < make_date($2 + 1, 1, 1)
        GROUP BY asset_id`,
      [ids, year],
    );
    return new Map(rows.map((r) => [r.asset_id, BigInt(r.total)]));
  }

  /** The assets a project left behind, for notices: name, class, value, owner. */
  async listByProject(projectId: string): Promise<AssetLine[]> {
    const assets = await this.db.getRepository(Asset).find({ where: { projectId }, order: { assetNo: 'ASC' } });
    const names = await this.householdNames(assets.flatMap((a) => (a.ownerHouseholdId ? [a.ownerHouseholdId] : [])));
    return assets.map((a) => ({
      assetId: a.id,
      assetNo: a.assetNo,
      name: a.name,
      assetClass: a.assetClass,
      value: fenToYuan(a.value),
      ownerName: ownerView(a, names).name,
      ownerType: a.ownerType,
      status: a.status,
    }));
  }

  /** Per village (or location): assets not disposed and their value; income and distributions in the year. */
  async summary(actor: Actor, q: AssetSummaryQuery): Promise<AssetSummaryDto> {
    const regionCode = q.regionCode ?? actor.regionCode;
    assertInScope(actor, regionCode);
    const year = q.year ?? Number(businessToday().slice(0, 4));
    const rows: Array<{
      code: string;
      name: string | null;
      count: number;
      value: string;
      income: string;
      distributed: string;
    }> = await this.db.query(
      `WITH a AS (SELECT id, coalesce(village_code, location) AS code, status, value FROM asset WHERE location LIKE $1),
            i AS (SELECT asset_id, sum(amount) AS total FROM asset_income
                   WHERE reversed_seq IS NULL AND received_on >= make_date($2, 1, 1)
                     AND received_on < make_date($2 + 1, 1, 1) GROUP BY asset_id),
            d AS (SELECT asset_id, sum(amount) AS total FROM asset_distribution
                   WHERE reversed_seq IS NULL AND distributed_on >= make_date($2, 1, 1)
                     AND distributed_on < make_date($2 + 1, 1, 1) GROUP BY asset_id)
       SELECT a.code, r.name,
              count(*) FILTER (WHERE a.status <> 'disposed')::int AS count,
              coalesce(sum(a.value) FILTER (WHERE a.status <> 'disposed'), 0)::text AS value,
              coalesce(sum(i.total), 0)::text AS income,
              coalesce(sum(d.total), 0)::text AS distributed
         FROM a LEFT JOIN i ON i.asset_id = a.id LEFT JOIN d ON d.asset_id = a.id LEFT JOIN region r ON r.code = a.code
        GROUP BY a.code, r.name ORDER BY a.code`,
      [`${subtreePrefix(regionCode)}%`, year],
    );
    return {
      regionCode,
      year,
      villages: rows.map((r) => ({
        regionCode: r.code,
        regionName: r.name,
        count: r.count,
        value: fenToYuan(BigInt(r.value)),
        incomeThisYear: fenToYuan(BigInt(r.income)),
        distributedThisYear: fenToYuan(BigInt(r.distributed)),
      })),
    };
  }

  async context(assets: Asset[], moreHouseholds: string[] = []): Promise<AssetContext> {
    const ids = assets.map((a) => a.id);
    const projectIds = [...new Set(assets.map((a) => a.projectId))];
    const [projects, funding, names] = await Promise.all([
      projectIds.length
        ? (this.db.query(`SELECT id, name, approval_doc_no FROM project WHERE id = ANY($1::uuid[])`, [
            projectIds,
          ]) as Promise<ProjectRow[]>)
        : Promise.resolve([]),
      ids.length
        ? (this.db.query(
            `SELECT af.asset_id, af.fund_id, f.doc_no, f.source_level, af.amount::text AS amount
               FROM asset_funding af JOIN fund f ON f.id = af.fund_id
              WHERE af.asset_id = ANY($1::uuid[]) ORDER BY af.asset_id, af.position`,
            [ids],
          ) as Promise<FundingRow[]>)
        : Promise.resolve([]),
      this.householdNames([
        ...assets.flatMap((a) => (a.ownerHouseholdId ? [a.ownerHouseholdId] : [])),
        ...moreHouseholds,
      ]),
    ]);
    const byAsset = new Map<string, AssetFundingViewDto[]>();
    for (const f of funding) {
      byAsset.set(f.asset_id, [
        ...(byAsset.get(f.asset_id) ?? []),
        { fundId: f.fund_id, docNo: f.doc_no, sourceLevel: f.source_level, amount: fenToYuan(BigInt(f.amount)) },
      ]);
    }
    return { projects: new Map(projects.map((p) => [p.id, p])), funding: byAsset, names };
  }

  /** Household heads (户主) by id: the only personal data shown here, never an ID number. */
  private async householdNames(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: Array<{ id: string; head_name: string }> = await this.db.query(
      `SELECT id, head_name FROM household WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.head_name]));
  }

  toDto(a: Asset, ctx: AssetContext): AssetDto {
    const project = ctx.projects.get(a.projectId);
    const funding = ctx.funding.get(a.id) ?? [];
    return {
      id: a.id,
      assetNo: a.assetNo,
      book: a.book,
      projectId: a.projectId,
      projectName: project?.name ?? '',
      approvalDocNo: project?.approval_doc_no ?? null,
      name: a.name,
      assetClass: a.assetClass,
      location: a.location,
      villageCode: a.villageCode,
      value: fenToYuan(a.value),
      registeredOn: a.registeredOn,
      builtOn: a.builtOn,
      acceptedOn: a.acceptedOn,
      handedOverOn: a.handedOverOn,
      owner: ownerView(a, ctx.names),
      operator: a.operator,
      custodian: a.custodian,
      responsiblePerson: a.responsiblePerson,
      certificateNo: a.certificateNo,
      beneficiaries: { households: a.beneficiaryHouseholds, persons: a.beneficiaryPersons },
      status: a.status,
      income: {
        total: fenToYuan(a.incomeTotal),
        distributed: fenToYuan(a.distributedTotal),
        undistributed: fenToYuan(a.incomeTotal - a.distributedTotal),
      },
      funding,
      fundingBySource: bySource(funding),
      disposal:
        a.status === 'disposed'
          ? {
              method: a.disposalMethod!,
              disposedOn: a.disposedOn!,
              villageAssemblyOn: a.villageAssemblyOn!,
              townshipApprovedOn: a.townshipApprovedOn!,
              countyApprovedOn: a.countyApprovedOn!,
              proceeds: fenToYuan(a.proceeds ?? 0n),
              proceedsTo: a.proceedsTo!,
            }
          : null,
      entrySeq: a.entrySeq,
    };
  }
}

export function ownerView(o: OwnerColumns, names: Map<string, string>): OwnerViewDto {
  return {
    type: o.ownerType,
    regionCode: o.ownerRegionCode,
    householdId: o.ownerHouseholdId,
    name: o.ownerHouseholdId ? (names.get(o.ownerHouseholdId) ?? null) : o.ownerName,
  };
}

/** Funding summed by source level, in the order of SOURCE_LEVELS, levels without money left out. */
export function bySource(funding: AssetFundingViewDto[]): Array<{ sourceLevel: SourceLevel; amount: string }> {
  const totals = new Map<SourceLevel, bigint>();
  for (const f of funding) totals.set(f.sourceLevel, (totals.get(f.sourceLevel) ?? 0n) + yuanToFen(f.amount));
  return SOURCE_LEVELS.filter((l) => totals.has(l)).map((l) => ({ sourceLevel: l, amount: fenToYuan(totals.get(l)!) }));
}
