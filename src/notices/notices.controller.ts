import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiProduces, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '../auth/access.decorators';
import type { Actor } from '../auth/role';
import {
  FiledObjectionDto,
  FileObjectionDto,
  ListNoticesQuery,
  NoticePageDto,
  NoticeViewDto,
  PreviewNoticeQuery,
  PublishedNoticeDto,
  PublishNoticeDto,
  ResolveObjectionDto,
} from './dto/notice.dto';
import { NoticePdfService } from './notice-pdf.service';
import { NoticesReadService } from './notices-read.service';
import { NoticesService } from './notices.service';
import { ObjectionsService } from './objections.service';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { IMMUTABLE, sendCacheable } from '../common/http/http-cache';

/** 三公示一公告: publishing (issuing offices), reading and objecting (anyone). */
@ApiTags('notices')
@Controller()
export class NoticesController {
  constructor(
    private readonly notices: NoticesService,
    private readonly reader: NoticesReadService,
    private readonly pdfs: NoticePdfService,
    private readonly objections: ObjectionsService,
  ) {}

  /** Publishes an immutable notice built from the ledger as it is now. */
  @Post('notices')
  @ApiBearerAuth()
  @Roles('village', 'township', 'program', 'finance')
  @ApiOperation({ summary: 'Publish an immutable notice (公示/公告)' })
  publish(
    @CurrentActor() actor: Actor,
    @Body() dto: PublishNoticeDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<PublishedNoticeDto> {
    return this.notices.publish(actor, dto, idempotencyKey);
  }

  /** Published notices, newest first; public. */
  @Get('notices')
  @Public()
  @RateLimit('public')
  @ApiOperation({ summary: 'List published notices, newest first' })
  list(@Query() q: ListNoticesQuery): Promise<NoticePageDto> {
    return this.reader.list({
      regionPrefix: q.regionCode,
      type: q.type,
      projectId: q.projectId,
      limit: q.limit,
      cursor: q.cursor,
    });
  }

  /** A notice with its content, seal and objections (never a contact); public. */
  @Get('notices/:id')
  @Public()
  @RateLimit('public')
  @ApiOperation({ summary: 'Read a published notice with its seal and objections' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<NoticeViewDto> {
    return this.reader.get(id);
  }

  /** The printable PDF of a published notice; public. Its bytes never change: cached anywhere, for good. */
  @Get('notices/:id/pdf')
  @Public()
  @RateLimit('public')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The printable PDF of a published notice' })
  async pdf(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const pdf = await this.pdfs.published(id);
    res.set('Content-Disposition', pdf.disposition);
    sendCacheable(req, res, pdf.body, { etag: pdf.etag, cacheControl: IMMUTABLE, type: 'application/pdf' });
  }

  /** 异议: anyone may object, without logging in; limited per client address. */
  @Post('notices/:id/objections')
  @Public()
  @RateLimit('objections')
  @ApiOperation({ summary: 'File an objection (异议) to a notice, without signing in' })
  file(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: FileObjectionDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<FiledObjectionDto> {
    return this.objections.file(id, dto, idempotencyKey);
  }

  /** The issuing side answers an objection in writing. */
  @Post('notices/:id/objections/:oid/resolve')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @Roles('village', 'township', 'program', 'finance')
  @ApiOperation({ summary: 'Answer an objection in writing' })
  resolve(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('oid', ParseUUIDPipe) oid: string,
    @Body() dto: ResolveObjectionDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<FiledObjectionDto> {
    return this.objections.resolve(actor, id, oid, dto, idempotencyKey);
  }

  /** What the notice of this type would look like now: a PDF without seal, nothing published. */
  @Get('projects/:id/notices/preview')
  @ApiBearerAuth()
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'Preview a notice as a PDF without seal (nothing published)' })
  preview(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PreviewNoticeQuery,
  ): Promise<StreamableFile> {
    return this.pdfs.preview(actor, id, q);
  }
}
