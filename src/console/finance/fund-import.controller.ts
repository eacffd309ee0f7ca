import { Get, Query, Res, UploadedFile } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../../auth/access.decorators';
import { DomainError } from '../../common/errors/domain-error';
import type { ImportProblem } from '../../excel/import/import-report';
import { FundImportService } from '../../excel/import/fund-import.service';
import { buildTemplate, FUND_TEMPLATE, XLSX_MIME } from '../../excel/templates';
import { UploadedXlsx } from '../../excel/upload';
import { ConsoleUpload } from '../work/upload';
import { html } from '../../public/html';
import { ConsoleController, ConsolePost, Ctx } from '../console.decorators';
import type { ConsoleContext } from '../console-context';
import { chineseMessage } from '../forms';
import { consolePage } from '../layout';
import { resultView } from '../views/form.view';
import { send } from './finance-labels';

const ACTION = '/console/finance/funds/import';

/** 资金文件导入: the API's import service, fed from a form upload (token checked once read: work/upload.ts). */
@ConsoleController('finance/funds/import')
@Roles('finance')
export class FundImportPagesController {
  constructor(private readonly imports: FundImportService) {}

  @Get()
  form(@Ctx() ctx: ConsoleContext, @Res() res: Response) {
    send(res, importPage(ctx));
  }

  @Get('template')
  async template(@Res() res: Response) {
    res
      .set('Content-Disposition', `attachment; filename="${FUND_TEMPLATE.file}"`)
      .type(XLSX_MIME)
      .send(await buildTemplate(FUND_TEMPLATE));
  }

  @ConsolePost()
  @ConsoleUpload()
  async upload(
    @Ctx() ctx: ConsoleContext,
    @UploadedFile() file: UploadedXlsx | undefined,
    @Query('regionCode') regionCode: unknown,
    @Res() res: Response,
  ) {
    try {
      const region = typeof regionCode === 'string' && regionCode ? regionCode : undefined;
      const done = await this.imports.import(ctx.actor, file?.buffer, { regionCode: region });
      const result = resultView(`已导入 ${done.count} 份资金文件，每份一条台账记录。`, [['行数', String(done.count)]]);
      send(
        res,
        consolePage(
          ctx,
          '导入完成',
          html`<h1>导入完成</h1>${result}<p><a href="/console/finance/funds">返回资金列表</a></p>`,
        ),
      );
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const problems = ((e.details as { problems?: ImportProblem[] } | undefined)?.problems ?? []).slice(0, 200);
      send(res, importPage(ctx, chineseMessage(e.message), problems), 422);
    }
  }
}

function importPage(ctx: ConsoleContext, refusal?: string, problems: ImportProblem[] = []): string {
  const rows = problems.map(
    (p) => html`<tr><td class="num">${String(p.row)}</td><td>${p.column}</td><td>${chineseMessage(p.reason)}</td></tr>`,
  );
  return consolePage(
    ctx,
    '从 Excel 导入资金文件',
    html`<h1>从 Excel 导入资金文件</h1>
      ${refusal ? html`<p class="box bad" role="alert">${refusal}（未写入任何数据）</p>` : ''}
      ${
        rows.length
          ? html`<div class="scroll"><table><thead><tr><th>行</th><th>列</th><th>问题</th></tr></thead>
            <tbody>${rows}</tbody></table></div>`
          : ''
      }
      <div class="card">
        <p>按模板填写（<a href="/console/finance/funds/import/template">下载模板</a>）。整份文件全部导入或全部不导入。</p>
        <form class="form" method="post" action="${ACTION}" enctype="multipart/form-data">
          <input type="hidden" name="_csrf" value="${ctx.csrf}" />
          <div class="field">
            <label for="f-file">Excel 文件（.xlsx）</label>
            <input type="file" id="f-file" name="file" accept=".xlsx" required />
          </div>
          <button type="submit">导入</button>
        </form>
      </div>`,
  );
}
