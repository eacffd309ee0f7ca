import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentActor } from '../../auth/access.decorators';
import type { Actor } from '../../auth/role';
import { AuditReader } from '../audit-access';
import { FindingsDto, FindingsQuery } from './dto/findings.dto';
import { FindingsExportService } from './findings-export.service';
import { XLSX_MIME } from '../../excel/templates';
import { FindingsService } from './findings.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class FindingsController {
  constructor(
    private readonly service: FindingsService,
    private readonly exporter: FindingsExportService,
  ) {}

  /** 审计疑点: every rule over the region's subtree as of the end of `asOf`, most severe and largest first. */
  @Get('findings')
  @AuditReader()
  @ApiOperation({ summary: 'Audit findings (审计疑点) over the region' })
  findings(@CurrentActor() actor: Actor, @Query() q: FindingsQuery): Promise<FindingsDto> {
    return this.service.findings(actor, q);
  }

  /** 审计疑点清单 as .xlsx, the same list and filters. */
  @Get('findings.xlsx')
  @AuditReader()
  @ApiProduces(XLSX_MIME)
  @ApiOperation({ summary: 'Audit findings as .xlsx' })
  export(@CurrentActor() actor: Actor, @Query() q: FindingsQuery): Promise<StreamableFile> {
    return this.exporter.export(actor, q);
  }
}
