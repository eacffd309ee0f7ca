import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/role';
import { isWithin, levelOfCode } from '../../common/region-code';
import { duplicateHash } from '../../households/household-crypto';
import { HouseholdKeyService } from '../../households/household-key.service';
import { HouseholdsService } from '../../households/households.service';
import { maskIdNumber, normaliseIdNumber } from '../../households/id-number';
import { HOUSEHOLD_COLUMNS, HouseholdColumn, householdLabel, HouseholdRow, householdRowsOf } from './household-rows';
import { ImportReport } from './import-report';
import { ImportOptions, ImportResult, runImport } from './import-runner';
import type { ParsedSheet } from './sheet-reader';

/** Household lists from .xlsx, all or nothing like FundImportService; duplicates by keyed hash, unique index last. */
@Injectable()
export class HouseholdImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly households: HouseholdsService,
    private readonly keys: HouseholdKeyService,
  ) {}

  import(actor: Actor, file: Buffer | undefined, opts: ImportOptions = {}): Promise<ImportResult> {
    return runImport(this.db, actor, file, opts, {
      columns: HOUSEHOLD_COLUMNS,
      rowsOf: householdRowsOf,
      check: (sheet, rows, report) => this.check(actor, sheet, rows, report),
      write: async (r, key) => (await this.households.create(actor, r.dto, key)).id,
    });
  }

  /** Scope, villages, and DUPLICATE_HOUSEHOLD: the same person twice in the file or already registered. */
  private async check(
    actor: Actor,
    sheet: ParsedSheet<HouseholdColumn>,
    rows: HouseholdRow[],
    report: ImportReport,
  ): Promise<void> {
    const codes = [...new Set(rows.map((r) => r.dto.regionCode))];
    const known = new Set<string>(
      (await this.db.query(`SELECT code FROM region WHERE code = ANY($1::varchar[])`, [codes])).map(
        (r: { code: string }) => r.code,
      ),
    );
    const { duplicates } = this.keys.keys();
    const hashes = rows.map((r) => duplicateHash(duplicates, normaliseIdNumber(r.dto.idNumber)));
    const registered = new Set<string>(
      (
        await this.db.query(
          `SELECT encode(id_number_hmac, 'hex') AS h FROM household WHERE id_number_hmac = ANY($1::bytea[])`,
          [hashes],
        )
      ).map((r: { h: string }) => r.h),
    );
    const firstRow = new Map<string, number>();
    rows.forEach(({ row, dto }, i) => {
      const region = householdLabel(sheet, 'regionCode');
      if (!isWithin(actor.regionCode, dto.regionCode))
        report.add(row, region, `is outside your region ${actor.regionCode} (超出管辖范围)`, dto.regionCode);
      else if (!known.has(dto.regionCode))
        report.add(row, region, 'is not a known region (区划不存在)', dto.regionCode);
      else if (levelOfCode(dto.regionCode) !== 'village')
        report.add(
          row,
          region,
          `households belong to villages, not to a ${levelOfCode(dto.regionCode)} (农户须登记在村)`,
          dto.regionCode,
        );
      const id = householdLabel(sheet, 'idNumber');
      const masked = maskIdNumber(normaliseIdNumber(dto.idNumber));
      const hash = hashes[i].toString('hex');
      if (registered.has(hash))
        report.add(
          row,
          id,
          'DUPLICATE_HOUSEHOLD: a household with this ID number is already registered (该身份证号码已登记)',
          masked,
        );
      else if (firstRow.has(hash))
        report.add(
          row,
          id,
          `DUPLICATE_HOUSEHOLD: the same ID number as row ${firstRow.get(hash)} (文件内身份证号码重复)`,
          masked,
        );
      else firstRow.set(hash, row);
    });
  }
}
