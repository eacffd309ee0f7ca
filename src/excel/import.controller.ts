import { Controller, Get, Header, Post, Query, StreamableFile, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators';
import { DomainError } from '../common/errors/domain-error';
import type { Actor } from '../auth/role';
import { ImportQuery, ImportResultDto } from './excel.dto';
import { FundImportService } from './import/fund-import.service';
import { HouseholdImportService } from './import/household-import.service';
import { buildTemplate, FUND_TEMPLATE, HOUSEHOLD_TEMPLATE, XLSX_MIME } from './templates';
import { UploadedXlsx, XlsxUpload } from './upload';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';

function refuseIdempotencyKey(idempotencyKey: string | undefined): void {
  if (idempotencyKey !== undefined) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'Imports do not take an Idempotency-Key: the file is its own key / 导入接口不接受幂等键(文件本身即幂等键)',
    );
  }
}

/**
 * Two path segments, so these never meet FundsController's `:id` or `:id/allocations` whatever the module order.
 * Idempotency-Key is refused: the interceptor would fingerprint the still unparsed, empty body and could replay one
 * file's answer for another. The file is its own key instead (import-runner.ts rowKeys).
 */
@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds/import')
export class FundImportController {
  constructor(private readonly imports: FundImportService) {}

  /** Imports fund documents from an .xlsx (the template's columns): all rows or none, else 422 IMPORT_REJECTED. */
  @Post()
  @Roles('finance')
  @XlsxUpload()
  @ApiOperation({ summary: 'Import fund documents from an .xlsx (all rows or none)' })
  import(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: UploadedXlsx | undefined,
    @Query() q: ImportQuery,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<ImportResultDto> {
    refuseIdempotencyKey(idempotencyKey);
    return this.imports.import(actor, file?.buffer, { regionCode: q.regionCode });
  }

  @Get('template')
  @ApiProduces(XLSX_MIME)
  @Header('Content-Type', XLSX_MIME)
  @Header('Content-Disposition', `attachment; filename="${FUND_TEMPLATE.file}"`)
  @ApiOperation({ summary: 'The .xlsx template for importing funds' })
  async template(): Promise<StreamableFile> {
    return new StreamableFile(await buildTemplate(FUND_TEMPLATE));
  }
}

@ApiTags('households')
@ApiBearerAuth()
@Controller('households/import')
export class HouseholdImportController {
  constructor(private readonly imports: HouseholdImportService) {}

  /** Imports a household list (建档立卡) from an .xlsx: all rows or none; ID numbers in the report are masked. */
  @Post()
  @Roles('village', 'township')
  @XlsxUpload()
  @ApiOperation({ summary: 'Import a household list from an .xlsx (all rows or none)' })
  import(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: UploadedXlsx | undefined,
    @Query() q: ImportQuery,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<ImportResultDto> {
    refuseIdempotencyKey(idempotencyKey);
    return this.imports.import(actor, file?.buffer, { regionCode: q.regionCode });
  }

  @Get('template')
  @ApiProduces(XLSX_MIME)
  @Header('Content-Type', XLSX_MIME)
  @Header('Content-Disposition', `attachment; filename="${HOUSEHOLD_TEMPLATE.file}"`)
  @ApiOperation({ summary: 'The .xlsx template for importing households' })
  async template(): Promise<StreamableFile> {
    return new StreamableFile(await buildTemplate(HOUSEHOLD_TEMPLATE));
  }
}
