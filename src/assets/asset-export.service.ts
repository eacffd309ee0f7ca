import { Injectable, StreamableFile } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/role';
import { assertInScope } from '../auth/scope';
import { businessToday } from '../common/business-date';
import { yuanToFen } from '../common/money';
import { addSheet, ExportColumn, newWorkbook, xlsxFile } from '../excel/export/sheet-writer';
import { SOURCE_LEVELS, type SourceLevel } from '../funds/fund.entity';
import { Asset } from './asset.entities';
import { AssetContext, AssetReadService, ownerView } from './asset-read.service';
import { ReadRouter } from '../database/replicas/read-router';

const CLASS_LABEL = { operating: '经营性', public_welfare: '公益性', household: '到户类' } as const;
const STATUS_LABEL = { in_use: '在用', idle: '闲置', disposed: '已处置' } as const;
const LEVEL_LABEL: Record<SourceLevel, string> = {
  central: '中央资金',
  provincial: '省级资金',
  municipal: '市级资金',
  county: '县级资金',
  east_west: '东西部协作资金',
  social: '社会帮扶资金',
};

type Column = ExportColumn<Asset>;

/** 资产台账 as .xlsx with DOMAIN.md's columns, totalled in fen; household owners by 户主 name, never an ID number. */
@Injectable()
export class AssetExportService {
  constructor(
    private readonly reads: ReadRouter,
    private readonly reader: AssetReadService,
  ) {}

  /** A replica when one can answer this read, else the primary (ReadRouter). */
  private get db(): DataSource {
    return this.reads.source();
  }

  async export(
    actor: Actor,
    regionCode = actor.regionCode,
    year = Number(businessToday().slice(0, 4)),
  ): Promise<StreamableFile> {
    assertInScope(actor, regionCode);
    const { assets, ctx } = await this.reader.register(regionCode);
    const income = await this.reader.incomeInYear(
      assets.map((a) => a.id),
      year,
    );
    const places = await this.placeNames(assets);
    const wb = newWorkbook();
    await addSheet(wb, '资产台账', this.columns(ctx, places, income, year), [assets]);
    return xlsxFile(wb, `assets-${regionCode}`, `资产台账-${regionCode}`);
  }

  private columns(ctx: AssetContext, places: Map<string, string>, income: Map<string, bigint>, year: number): Column[] {
    const bySource = (a: Asset, level: SourceLevel) =>
      (ctx.funding.get(a.id) ?? [])
        .filter((f) => f.sourceLevel === level)
        .reduce((s, f) => s + yuanToFen(f.amount), 0n);
    return [
      { header: '资产编号', width: 22, value: (a) => a.assetNo },
      { header: '项目名称', width: 30, value: (a) => ctx.projects.get(a.projectId)?.name ?? '' },
      { header: '批复文号', width: 22, value: (a) => ctx.projects.get(a.projectId)?.approval_doc_no ?? null },
      { header: '资产名称', width: 28, value: (a) => a.name },
      { header: '资产类别', width: 10, value: (a) => CLASS_LABEL[a.assetClass] },
      { header: '坐落位置', width: 16, value: (a) => places.get(a.location) ?? null },
      { header: '区划代码', width: 14, value: (a) => a.location },
      ...SOURCE_LEVELS.map((level): Column => ({
        header: LEVEL_LABEL[level],
        width: 14,
        money: true,
        value: (a) => bySource(a, level),
      })),
      { header: '资产原值(元)', width: 16, money: true, value: (a) => a.value },
      { header: '建成日期', width: 12, value: (a) => a.builtOn },
      { header: '验收日期', width: 12, value: (a) => a.acceptedOn },
      { header: '移交日期', width: 12, value: (a) => a.handedOverOn },
      {
        header: '所有权人',
        width: 24,
        value: (a) => ownerView(a, ctx.names).name ?? places.get(a.ownerRegionCode ?? '') ?? null,
      },
      { header: '经营主体', width: 24, value: (a) => a.operator },
      { header: '管护主体', width: 24, value: (a) => a.custodian },
      { header: '管护责任人', width: 12, value: (a) => a.responsiblePerson },
      { header: '受益户数', width: 10, value: (a) => a.beneficiaryHouseholds },
      { header: '受益人数', width: 10, value: (a) => a.beneficiaryPersons },
      { header: `${year}年收益(元)`, width: 16, money: true, value: (a) => income.get(a.id) ?? 0n },
      { header: '资产状态', width: 10, value: (a) => STATUS_LABEL[a.status] },
    ];
  }

  /** Names of the locations and owner regions, for people reading the sheet. */
  private async placeNames(assets: Asset[]): Promise<Map<string, string>> {
    const codes = [...new Set(assets.flatMap((a) => [a.location, ...(a.ownerRegionCode ? [a.ownerRegionCode] : [])]))];
    if (!codes.length) return new Map();
    const rows: Array<{ code: string; name: string }> = await this.db.query(
      `SELECT code, name FROM region WHERE code = ANY($1::varchar[])`,
      [codes],
    );
    return new Map(rows.map((r) => [r.code, r.name]));
  }
}
