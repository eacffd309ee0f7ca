import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Writable } from 'node:stream';
import { CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/role';
import { assertInScope } from '../auth/scope';
import { ExportQuery } from './excel.dto';
import { ExportService } from './export/export.service';
import { XLSX_MIME } from './templates';

/** .xlsx exports of a region's subtree, for every role that reads that region (auditors too). */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
export class ExportController {
  constructor(private readonly exports: ExportService) {}

  @Get('funds.xlsx')
  @ApiProduces(XLSX_MIME)
  funds(@CurrentActor() actor: Actor, @Query() q: ExportQuery, @Res() res: Response): Promise<void> {
    return this.send(actor, q, res, 'funds', (out, region) => this.exports.funds(out, region, q.year));
  }

  @Get('projects.xlsx')
  @ApiProduces(XLSX_MIME)
  projects(@CurrentActor() actor: Actor, @Query() q: ExportQuery, @Res() res: Response): Promise<void> {
    return this.send(actor, q, res, 'projects', (out, region) => this.exports.projects(out, region, q.year));
  }

  @Get('disbursements.xlsx')
  @ApiProduces(XLSX_MIME)
  disbursements(@CurrentActor() actor: Actor, @Query() q: ExportQuery, @Res() res: Response): Promise<void> {
    return this.send(actor, q, res, 'disbursements', (out, region) => this.exports.disbursements(out, region, q.year));
  }

  /**
   * Scope is checked before the first byte; after that an error can only cut the download short.
   * The workbook streams into the response as it is written.
   */
  private async send(
    actor: Actor,
    q: ExportQuery,
    res: Response,
    name: string,
    write: (out: Writable, region: string) => Promise<number>,
  ): Promise<void> {
    const region = q.regionCode ?? actor.regionCode;
    assertInScope(actor, region);
    res.status(200);
    res.setHeader('Content-Type', XLSX_MIME);
    res.setHeader('Content-Disposition', `attachment; filename="${name}-${region}${q.year ? `-${q.year}` : ''}.xlsx"`);
    try {
      await write(res, region);
    } catch (err) {
      res.destroy(err instanceof Error ? err : undefined);
      throw err;
    }
  }
}
