import { Get, Param, ParseUUIDPipe, Query, Res, UploadedFile } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../../auth/access.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { HouseholdImportService } from '../../excel/import/household-import.service';
import { HOUSEHOLD_COLUMNS, householdRowsOf } from '../../excel/import/household-rows';
import type { ImportProblem } from '../../excel/import/import-report';
import { ImportReport } from '../../excel/import/import-report';
import { loadWorkbook, readSheet } from '../../excel/import/sheet-reader';
import { HouseholdsService } from '../../households/households.service';
import { maskIdNumber, normaliseIdNumber } from '../../households/id-number';
import { ConsoleController, ConsolePost, Ctx, FormBody } from '../console.decorators';
import type { ConsoleContext } from '../console-context';
import { chineseMessage } from '../forms';
import { resultView } from '../views/form.view';
import { JournalRefs } from '../work/entries';
import { runStep, showStep } from '../work/step';
import { ConsoleUpload } from '../work/upload';
import { exitStep, registerStep } from './household.steps';
import { householdsPage, importConfirm, importForm, importPage } from './households.view';

const send = (res: Response, page: string, status = 200) => res.status(status).type('html').send(page);
const BASE = '/console/village/households';
const uuidOf = (v: unknown) => (typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined);

/** The village's household list: paged with masked ID numbers, register, exit, import from Excel. */
@ConsoleController('village/households')
@Roles('village')
export class VillageHouseholdsController {
  private readonly register: ReturnType<typeof registerStep>;
  private readonly exit: ReturnType<typeof exitStep>;

  constructor(
    private readonly households: HouseholdsService,
    private readonly imports: HouseholdImportService,
    private readonly refs: JournalRefs,
  ) {
    this.register = registerStep(households, refs);
    this.exit = exitStep(households, refs);
  }

  @Get()
  async list(@Ctx() ctx: ConsoleContext, @Query('cursor') cursor: unknown, @Res() res: Response) {
    const c = uuidOf(cursor);
    send(res, householdsPage(ctx, await this.households.list(ctx.actor, { limit: 50, cursor: c }), c));
  }

  @Get('new')
  newForm(@Ctx() ctx: ConsoleContext, @Res() res: Response) {
    send(res, showStep(ctx, `${BASE}/new`, this.register, null, BASE));
  }

  @ConsolePost('new')
  async create(@Ctx() ctx: ConsoleContext, @FormBody() body: Record<string, string>, @Res() res: Response) {
    const r = await runStep(ctx, `${BASE}/new`, this.register, null, body, BASE);
    send(res, r.page, r.status);
  }

  @Get('import')
  importForm(@Ctx() ctx: ConsoleContext, @Res() res: Response) {
    send(res, importPage(ctx, importForm(ctx)));
  }

  /** Step 1: the file is read and checked row by row (nothing written); step 2 (`_confirm`): the import. */
  @ConsolePost('import')
  @ConsoleUpload()
  async import(
    @Ctx() ctx: ConsoleContext,
    @UploadedFile() file: { buffer: Buffer } | undefined,
    @FormBody() body: Record<string, string>,
    @Res() res: Response,
  ) {
    const refused = (why: string, problems: ImportProblem[] = [], status = 422) =>
      send(res, importPage(ctx, importForm(ctx, why, problems)), status);
    const buffer = body._confirm === '1' && body._xlsx ? Buffer.from(body._xlsx, 'base64') : file?.buffer;
    if (!buffer?.length) return refused('请选择要导入的 .xlsx 文件', [], 400);
    try {
      if (body._confirm !== '1') {
        const sheet = readSheet(await loadWorkbook(buffer), HOUSEHOLD_COLUMNS);
        const report = new ImportReport();
        const rows = await householdRowsOf(sheet, ctx.actor.regionCode, report);
        if (!report.ok) return refused(chineseMessage(report.rejection(sheet.rows.length).message), report.problems);
        const shown = rows.map(({ row, dto }) => ({
          row,
          headName: dto.headName,
          idMasked: maskIdNumber(normaliseIdNumber(dto.idNumber)),
          regionCode: dto.regionCode,
          members: dto.members,
        }));
        return send(res, importPage(ctx, importConfirm(ctx, shown, buffer)));
      }
      const done = await this.imports.import(ctx.actor, buffer);
      const range = await this.refs.range(
        done.ids.map((id) => `household:${id}`),
        'household.registered',
      );
      const entry = range && {
        book: range.book,
        seq: range.first === range.last ? range.first : `${range.first}–${range.last}`,
      };
      send(res, importPage(ctx, resultView(`已导入 ${done.count} 户。`, [['导入户数', `${done.count} 户`]], entry)));
    } catch (e) {
      if (!(e instanceof DomainError) || ['FORBIDDEN', 'OUT_OF_SCOPE'].includes(e.code)) throw e;
      const problems = ((e.details as { problems?: ImportProblem[] } | undefined)?.problems ?? []).map((p) => ({
        ...p,
        reason: chineseMessage(p.reason),
      }));
      refused(chineseMessage(e.message), problems);
    }
  }

  @Get(':id/exit')
  async exitForm(@Ctx() ctx: ConsoleContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const h = await this.households.get(ctx.actor, id);
    send(res, showStep(ctx, `${BASE}/${id}/exit`, this.exit, h, BASE));
  }

  @ConsolePost(':id/exit')
  async doExit(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, string>,
    @Res() res: Response,
  ) {
    const h = await this.households.get(ctx.actor, id);
    const r = await runStep(ctx, `${BASE}/${id}/exit`, this.exit, h, body, BASE);
    send(res, r.page, r.status);
  }
}
