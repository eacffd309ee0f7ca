import { RateLimit } from '../common/rate-limit/rate-limit.decorator';
import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/access.decorators';
import { businessToday } from '../common/business-date';
import { contentDisposition } from '../common/download';
import { FdpService } from './fdp/fdp.service';
import { OcdsService } from './ocds/ocds.service';
import { fiscalYearOf, periodOf, ReleasesQuery } from './open-data.dto';

const OCDS_JSON = 'application/json; charset=utf-8';

/**
 * Open data for anyone, without login: only what is public already (approved projects, payments with the names
 * of organisations, never households). docs/open-data.md has the mappings.
 */
@ApiTags('open-data')
@Public()
@RateLimit('public')
@Controller('open-data')
export class OpenDataController {
  constructor(
    private readonly ocds: OcdsService,
    private readonly fdp: FdpService,
  ) {}

  @Get('ocds/records/:projectId')
  @ApiOperation({ summary: 'OCDS 1.1.5 record package of one approved project (releases + compiled release)' })
  record(@Param('projectId', ParseUUIDPipe) projectId: string) {
    return this.ocds.recordPackage(projectId);
  }

  /** Streamed: the body is written batch by batch; an error after the first byte can only cut it short. */
  @Get('ocds/releases')
  @ApiOperation({ summary: 'OCDS 1.1.5 release package of a region and period (at most 10 years), streamed' })
  @ApiProduces('application/json')
  async releases(@Query() q: ReleasesQuery, @Res() res: Response): Promise<void> {
    const period = { regionCode: q.regionCode, ...periodOf(q, businessToday()) };
    const query = new URLSearchParams(period).toString();
    const write = await this.ocds.releasePackage(period, query);
    res.status(200).type(OCDS_JSON);
    const name = `ocds-releases-${q.regionCode}.json`;
    res.setHeader('Content-Disposition', contentDisposition('inline', name, name));
    await stream(res, write);
  }

  @Get('fdp/:regionCode/:year.zip')
  @ApiOperation({ summary: 'Fiscal Data Package of a county-year (datapackage.json and CSVs), zipped' })
  @ApiProduces('application/zip')
  async fdpZip(@Param('regionCode') regionCode: string, @Param('year') year: string, @Res() res: Response) {
    const write = await this.fdp.countyYear(regionCode, fiscalYearOf(year));
    const name = `fdp-${regionCode}-${year}.zip`;
    res.status(200).type('application/zip');
    res.setHeader('Content-Disposition', contentDisposition('attachment', name, name));
    await stream(res, write);
  }
}

async function stream(res: Response, write: (out: Response) => Promise<unknown>): Promise<void> {
  try {
    await write(res);
    if (!res.writableEnded) res.end();
  } catch (err) {
    res.destroy(err instanceof Error ? err : undefined);
  }
}
