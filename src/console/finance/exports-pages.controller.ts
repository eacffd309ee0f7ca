import { Get, Param, Query, Res } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Response } from 'express';
import { Roles } from '../../auth/access.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { TableExportQuery } from '../../exports/dto/export-query.dto';
import { streamDownload } from '../../exports/http-download';
import { TableExportService } from '../../exports/table-export.service';
import { EXPORT_TABLES, TABLE_NAMES } from '../../exports/tables';
import { html } from '../../public/html';
import { ConsoleController, Ctx } from '../console.decorators';
import type { ConsoleContext } from '../console-context';
import { chineseMessage } from '../forms';
import { consolePage } from '../layout';
import { send } from './finance-labels';

const BASE = '/console/finance/exports';

/** The period of a download link, validated as the API validates it (TableExportQuery). */
async function periodOf(query: Record<string, unknown>): Promise<TableExportQuery> {
  const raw: Record<string, unknown> = {};
  for (const k of ['from', 'to', 'year'] as const) {
    const v = query[k];
    if (typeof v === 'string' && v.trim()) raw[k] = k === 'year' && /^\d{4}$/.test(v.trim()) ? Number(v) : v.trim();
  }
  const q = plainToInstance(TableExportQuery, raw);
  const errors = await validate(q, { whitelist: true });
  if (errors.length) {
    const first = Object.values(errors[0].constraints ?? {})[0] ?? '';
    throw new DomainError('VALIDATION_FAILED', `${first} / ${chineseMessage(first)}`);
  }
  return q;
}

/**
 * 导出: the API's table exports for the signed-in user's region. The API's /exports routes take a bearer
 * token, which a browser does not have; these links call the same export service with the session's actor.
 */
@ConsoleController('finance/exports')
@Roles('finance', 'auditor', 'program', 'admin')
export class ExportsPagesController {
  constructor(private readonly tables: TableExportService) {}

  @Get()
  async page(@Ctx() ctx: ConsoleContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const q = await periodOf(query);
    const params = new URLSearchParams(
      Object.entries(q).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]])),
    ).toString();
    const link = (file: string) => `${BASE}/${file}${params ? `?${params}` : ''}`;
    const rows = TABLE_NAMES.map((name) => {
      const table = EXPORT_TABLES.get(name)!;
      return html`<tr>
        <td>${table.title}</td>
        <td><a href="${link(`${name}.xlsx`)}" download>Excel（.xlsx）</a></td>
        <td><a href="${link(`${name}.csv`)}" download>CSV</a></td>
      </tr>`;
    });
    send(
      res,
      consolePage(
        ctx,
        '导出',
        html`<h1>导出（${ctx.regionName}）</h1>
          <form class="filters" method="get" action="${BASE}">
            <label for="q-year">年度</label>
            <input id="q-year" name="year" value="${q.year ? String(q.year) : ''}" inputmode="numeric" size="6" />
            <label for="q-from">或自</label><input type="date" id="q-from" name="from" value="${q.from ?? ''}" />
            <label for="q-to">至</label><input type="date" id="q-to" name="to" value="${q.to ?? ''}" />
            <button type="submit">设定期间</button>
          </form>
          <p class="muted">期间：${q.year ? `${q.year} 年` : q.from || q.to ? `${q.from ?? '…'} 至 ${q.to ?? '…'}` : '全部'}；
            范围：${ctx.regionName}及下级。</p>
          <div class="scroll">
            <table>
              <thead><tr><th>表</th><th colspan="2">下载</th></tr></thead>
              <tbody>${rows}</tbody>
            </table>
          </div>`,
      ),
    );
  }

  @Get(':file')
  async download(
    @Ctx() ctx: ConsoleContext,
    @Param('file') file: string,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ) {
    const plan = this.tables.plan(ctx.actor, file, await periodOf(query));
    await streamDownload(res, plan, (out) => this.tables.write(plan, out));
  }
}
