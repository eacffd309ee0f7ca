import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiProduces, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../auth/access.decorators';
import type { Actor } from '../auth/role';
import { XLSX_MIME } from '../excel/templates';
import { CSV_MIME } from './csv';
import { TableExportQuery } from './dto/export-query.dto';
import { streamDownload } from './http-download';
import { JournalExportService, JSONL_MIME } from './journal/journal-export.service';
import { TableExportService } from './table-export.service';
import { EXPORT_FORMATS, TABLE_NAMES } from './tables';

/** Streamed exports of a region's ledger (docs/exports.md); every role that reads a region, within its scope. */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
export class ExportsController {
  constructor(
    private readonly tables: TableExportService,
    private readonly journal: JournalExportService,
  ) {}

  /** A book's journal as JSON lines: canonical bytes, hashes, postings and the latest signed checkpoint. */
  @Get('journal/:file')
  @Roles('auditor', 'finance', 'admin')
  @ApiParam({ name: 'file', example: '411103000000.jsonl', description: '<book>.jsonl' })
  @ApiProduces(JSONL_MIME)
  @ApiOkResponse({ description: 'head line, one line per entry in seq order, end line' })
  @ApiOperation({ summary: "A book's journal as JSON lines with its latest checkpoint" })
  async journalFile(@CurrentActor() actor: Actor, @Param('file') file: string, @Res() res: Response): Promise<void> {
    const plan = this.journal.plan(actor, file);
    await streamDownload(res, plan, await this.journal.open(plan.book));
  }

  /** One table of the region's subtree for a period, as .csv (UTF-8 with BOM) or .xlsx, streamed. */
  @Get(':file')
  @Roles('auditor', 'finance', 'program', 'admin')
  @ApiParam({
    name: 'file',
    example: 'payments.csv',
    description:
      `<table>.<format>: table ${TABLE_NAMES.join('|')} (disbursements = payments), ` +
      `format ${EXPORT_FORMATS.join('|')}`,
  })
  @ApiProduces(CSV_MIME, XLSX_MIME)
  @ApiOkResponse({ description: 'the rows; xlsx ends with a 合计 row' })
  @ApiOperation({ summary: "A table of the caller's region as CSV or .xlsx" })
  async table(
    @CurrentActor() actor: Actor,
    @Param('file') file: string,
    @Query() q: TableExportQuery,
    @Res() res: Response,
  ): Promise<void> {
    const plan = this.tables.plan(actor, file, q);
    await streamDownload(res, plan, (out) => this.tables.write(plan, out));
  }
}
