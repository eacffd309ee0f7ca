import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/role';
import { bookOfRegion, isWithin, levelOfCode } from '../../common/region-code';
import { FundsService } from '../../funds/funds.service';
import { ImportReport } from './import-report';
import { ImportOptions, ImportResult, runImport } from './import-runner';
import { FUND_COLUMNS, FundColumn, fundLabel, FundRow, fundRowsOf } from './fund-rows';
import type { ParsedSheet } from './sheet-reader';

const BOOK_LEVELS = new Set(['province', 'city', 'county']);

/**
 * Fund documents (指标文件) from an .xlsx, all or nothing, each row through FundsService.create. The
 * journal commits appends on their own, so everything is checked before the first write, under the
 * import lock of every book concerned (docs/excel.md); see writeAll for the remaining case.
 */
@Injectable()
export class FundImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly funds: FundsService,
  ) {}

  import(actor: Actor, file: Buffer | undefined, opts: ImportOptions = {}): Promise<ImportResult> {
    return runImport(this.db, actor, file, opts, {
      columns: FUND_COLUMNS,
      rowsOf: fundRowsOf,
      check: (sheet, rows, report) => this.check(actor, sheet, rows, report),
      write: async (r, key) => (await this.funds.create(actor, r.dto, key)).id,
    });
  }

  /** What needs the database or the whole file: scope, regions, 文号 unique per book. */
  private async check(
    actor: Actor,
    sheet: ParsedSheet<FundColumn>,
    rows: FundRow[],
    report: ImportReport,
  ): Promise<void> {
    const codes = [...new Set(rows.map((r) => r.dto.regionCode))];
    const levels = new Map<string, string>(
      (await this.db.query(`SELECT code, level FROM region WHERE code = ANY($1::varchar[])`, [codes])).map(
        (r: { code: string; level: string }) => [r.code, r.level],
      ),
    );
    const taken = new Set<string>(
      (
        await this.db.query(
          `SELECT book || '|' || doc_no AS k FROM fund
            WHERE (book, doc_no) IN (SELECT * FROM unnest($1::varchar[], $2::text[]))`,
          [rows.map((r) => bookOfRegion(r.dto.regionCode)), rows.map((r) => r.dto.docNo)],
        )
      ).map((r: { k: string }) => r.k),
    );
    const firstRow = new Map<string, number>();
    for (const { row, dto } of rows) {
      const region = fundLabel(sheet, 'regionCode');
      if (!isWithin(actor.regionCode, dto.regionCode)) {
        report.add(row, region, `is outside your region ${actor.regionCode} (超出管辖范围)`, dto.regionCode);
        continue;
      }
      const level = levelOfCode(dto.regionCode);
      if (!levels.has(dto.regionCode)) report.add(row, region, 'is not a known region (区划不存在)', dto.regionCode);
      else if (!BOOK_LEVELS.has(level))
        report.add(
          row,
          region,
          `funds are kept by provinces, cities and counties, not by a ${level} (资金只能记入省市县账套)`,
          dto.regionCode,
        );
      const key = `${bookOfRegion(dto.regionCode)}|${dto.docNo}`;
      const docNo = fundLabel(sheet, 'docNo');
      if (taken.has(key))
        report.add(row, docNo, `is already recorded in book ${bookOfRegion(dto.regionCode)} (该文号已登记)`, dto.docNo);
      else if (firstRow.has(key))
        report.add(
          row,
          docNo,
          `appears twice in the file, first in row ${firstRow.get(key)} (文件内文号重复)`,
          dto.docNo,
        );
      else firstRow.set(key, row);
    }
  }
}
