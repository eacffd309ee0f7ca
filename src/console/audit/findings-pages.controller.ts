import { Get, Query, Res, StreamableFile } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Response } from 'express';
import { AuditReader } from '../../audit/audit-access';
import { FindingsQuery } from '../../audit/findings/dto/findings.dto';
import { FindingsExportService } from '../../audit/findings/findings-export.service';
import { FindingsService } from '../../audit/findings/findings.service';
import { DomainError } from '../../common/errors/domain-error';
import { ConsoleController, Ctx } from '../console.decorators';
import type { ConsoleContext } from '../console-context';
import { chineseMessage } from '../forms';
import { send } from '../finance/finance-labels';
import { findingsPage } from './findings.view';

/** The filters of a findings link, validated as the API validates them; empty fields are no filter. */
async function findingsQuery(query: Record<string, unknown>): Promise<FindingsQuery> {
  const raw: Record<string, string> = {};
  for (const k of ['regionCode', 'asOf', 'rule', 'severity'] as const) {
    const v = query[k];
    if (typeof v === 'string' && v.trim()) raw[k] = v.trim();
  }
  const q = plainToInstance(FindingsQuery, raw);
  const errors = await validate(q, { whitelist: true });
  if (errors.length) {
    const first = Object.values(errors[0].constraints ?? {})[0] ?? '';
    throw new DomainError('VALIDATION_FAILED', `${first} / ${chineseMessage(first)}`);
  }
  return q;
}

/** 疑点清单: the audit findings of the user's region with filters, and the same list as .xlsx. */
@ConsoleController('audit')
@AuditReader()
export class FindingsPagesController {
  constructor(
    private readonly findings: FindingsService,
    private readonly exporter: FindingsExportService,
  ) {}

  @Get('findings')
  async list(@Ctx() ctx: ConsoleContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const q = await findingsQuery(query);
    const page = typeof query.page === 'string' && /^[1-9]\d{0,5}$/.test(query.page) ? Number(query.page) : 1;
    send(res, findingsPage(ctx, await this.findings.findings(ctx.actor, q), q, page));
  }

  @Get('findings.xlsx')
  async xlsx(@Ctx() ctx: ConsoleContext, @Query() query: Record<string, unknown>): Promise<StreamableFile> {
    return this.exporter.export(ctx.actor, await findingsQuery(query));
  }
}
