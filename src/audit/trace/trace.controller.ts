import { Controller, Get, Param, ParseIntPipe, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentActor } from '../../auth/access.decorators';
import type { Actor } from '../../auth/role';
import { DomainError } from '../../common/errors/domain-error';
import { AuditReader } from '../audit-access';
import { BackTraceService } from './back-trace.service';
import { AssetBackTraceDto, EntryBackTraceDto, HouseholdBackTraceDto, ProjectBackTraceDto } from './dto/back-trace.dto';
import { FundTraceDto } from './dto/fund-trace.dto';
import { FundTraceQuery } from './dto/trace-query.dto';
import { EntryTraceService } from './entry-trace.service';
import { ForwardTraceService } from './forward-trace.service';
import { XLSX_MIME } from '../../excel/templates';
import { TraceExportService } from './trace-export.service';

/** 资金追溯: follow a fund down to payments and assets, or anything paid back up to its fund documents. */
@ApiTags('audit')
@ApiBearerAuth()
@AuditReader()
@Controller('audit/trace')
export class TraceController {
  constructor(
    private readonly forward: ForwardTraceService,
    private readonly back: BackTraceService,
    private readonly entries: EntryTraceService,
    private readonly exporter: TraceExportService,
  ) {}

  /** Declared before `funds/:id` so that `:id.xlsx` reaches it and not the UUID-checked JSON route. */
  @Get('funds/:id.xlsx')
  @ApiProduces(XLSX_MIME)
  @ApiOperation({ summary: 'The trace from a fund down, as .xlsx' })
  fundXlsx(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: FundTraceQuery,
  ): Promise<StreamableFile> {
    return this.exporter.fund(actor, id, q);
  }

  /**
   * The tree from a fund down; every node's totals add up:
   * received = passedDown + available + committedUnpaid + paid.
   */
  @Get('funds/:id')
  @ApiOkResponse({ type: FundTraceDto })
  @ApiOperation({ summary: 'Trace a fund down to payments and assets' })
  fund(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: FundTraceQuery,
  ): Promise<FundTraceDto> {
    return this.forward.trace(actor, id, q);
  }

  @Get('assets/:id')
  @ApiOkResponse({ type: AssetBackTraceDto })
  @ApiOperation({ summary: 'Trace an asset back to the funds that paid for it' })
  asset(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<AssetBackTraceDto> {
    return this.back.asset(actor, id);
  }

  @Get('projects/:id')
  @ApiOkResponse({ type: ProjectBackTraceDto })
  @ApiOperation({ summary: 'Trace a project: its funds, payments and assets' })
  project(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ProjectBackTraceDto> {
    return this.back.project(actor, id);
  }

  @Get('households/:id')
  @ApiOkResponse({ type: HouseholdBackTraceDto })
  @ApiOperation({ summary: 'Trace what reached a household' })
  household(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<HouseholdBackTraceDto> {
    return this.back.household(actor, id);
  }

  @Get('entries/:book/:seq')
  @ApiOkResponse({ type: EntryBackTraceDto })
  @ApiOperation({ summary: 'Trace a journal entry to its documents' })
  entry(
    @CurrentActor() actor: Actor,
    @Param('book') book: string,
    @Param('seq', ParseIntPipe) seq: number,
  ): Promise<EntryBackTraceDto> {
    if (!/^\d{12}$/.test(book) || seq < 1)
      throw new DomainError(
        'VALIDATION_FAILED',
        `No entry ${book}/${seq}: a book is a 12-digit region code and seq ≥ 1 / 记账编号格式错误`,
      );
    return this.entries.entry(actor, book, seq);
  }

  @Get('disbursements/:id')
  @ApiOkResponse({ type: EntryBackTraceDto })
  @ApiOperation({ summary: 'Trace a payment back to its funds' })
  disbursement(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<EntryBackTraceDto> {
    return this.entries.disbursement(actor, id);
  }
}
