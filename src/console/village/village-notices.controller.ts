import { Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../../auth/access.decorators';
import { assertInScope } from '../../auth/scope';
import { notFound } from '../../common/errors/domain-error';
import { NOTICE_TYPE_NAMES } from '../../notices/notice-content';
import { NoticesReadService } from '../../notices/notices-read.service';
import { ObjectionsService } from '../../notices/objections.service';
import { html } from '../../public/html';
import { ConsoleController, ConsolePost, Ctx, FormBody } from '../console.decorators';
import type { ConsoleContext } from '../console-context';
import { consolePage } from '../layout';
import { pager } from '../views/form.view';
import { runStep, showStep } from '../work/step';
import { type ObjectionContext, resolveStep } from './objection.step';

const send = (res: Response, page: string, status = 200) => res.status(status).type('html').send(page);
const BASE = '/console/village/notices';
const cursorOf = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? v : undefined);

/** The village's notices and the objections to them, to be answered. */
@ConsoleController('village/notices')
@Roles('village')
export class VillageNoticesController {
  private readonly resolve: ReturnType<typeof resolveStep>;

  constructor(
    private readonly reader: NoticesReadService,
    objections: ObjectionsService,
  ) {
    this.resolve = resolveStep(objections, BASE);
  }

  @Get()
  async list(@Ctx() ctx: ConsoleContext, @Query('cursor') cursor: unknown, @Res() res: Response) {
    const c = cursorOf(cursor);
    const page = await this.reader.list({ regionPrefix: ctx.actor.regionCode, limit: 50, cursor: c });
    const rows = page.items.map(
      (n) => html`<tr>
        <td>${NOTICE_TYPE_NAMES[n.type]}</td>
        <td><a href="${BASE}/${n.id}">${n.title}</a></td>
        <td>${n.periodStart} 至 ${n.periodEnd ?? '长期'}</td>
        <td class="num">${n.openObjections ? html`<strong>${n.openObjections} 件待答复</strong>` : '无'}</td>
        <td><a href="${n.pdfUrl}" target="_blank" rel="noopener">打印</a></td>
      </tr>`,
    );
    send(
      res,
      consolePage(
        ctx,
        '公示与异议',
        html`<h1>公示与异议</h1>
          <div class="card">
            ${
              page.items.length
                ? html`<div class="scroll"><table>
                  <thead><tr><th>类型</th><th>标题</th><th>公示期</th><th>异议</th><th>PDF</th></tr></thead>
                  <tbody>${rows}</tbody></table></div>`
                : html`<p class="muted">尚无公示。公示在项目页发布。</p>`
            }
            ${pager(BASE, { cursor: c }, page.nextCursor)}
          </div>`,
      ),
    );
  }

  @Get(':id')
  async show(@Ctx() ctx: ConsoleContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const n = await this.notice(ctx, id);
    const rows = n.objections.map(
      (o) => html`<tr>
        <td>${o.receivedOn}</td><td>${o.summary}</td>
        <td>${
          o.status === 'open'
            ? html`<a class="button" href="${BASE}/${id}/objections/${o.id}">答复</a>`
            : html`已答复（${o.resolvedOn}）：${o.resolution ?? ''}`
        }</td>
      </tr>`,
    );
    send(
      res,
      consolePage(
        ctx,
        n.title,
        html`<h1>${n.title}</h1>
          <div class="card"><dl class="facts">
            <dt>类型</dt><dd>${NOTICE_TYPE_NAMES[n.type]}</dd>
            <dt>公示期</dt><dd>${n.periodStart} 至 ${n.periodEnd ?? '长期'}</dd>
            <dt>发布单位</dt><dd>${n.issuer}</dd>
            <dt>台账记录</dt><dd>账簿 <span class="mono">${n.book}</span> 第 ${n.seq} 条</dd>
            <dt>打印</dt><dd><a href="${n.pdfUrl}" target="_blank" rel="noopener">公示 PDF</a></dd>
          </dl></div>
          <h2>异议</h2>
          ${
            rows.length
              ? html`<div class="scroll"><table><thead><tr><th>收到日期</th><th>内容</th><th>处理</th></tr></thead>
                <tbody>${rows}</tbody></table></div>`
              : html`<p class="muted">没有异议。</p>`
          }
          <p><a href="${BASE}">返回公示列表</a></p>`,
      ),
    );
  }

  @Get(':id/objections/:oid')
  async form(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('oid', ParseUUIDPipe) oid: string,
    @Res() res: Response,
  ) {
    const x = await this.objection(ctx, id, oid);
    send(res, showStep(ctx, `${BASE}/${id}/objections/${oid}`, this.resolve, x, `${BASE}/${id}`));
  }

  @ConsolePost(':id/objections/:oid')
  async answer(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('oid', ParseUUIDPipe) oid: string,
    @FormBody() body: Record<string, string>,
    @Res() res: Response,
  ) {
    const x = await this.objection(ctx, id, oid);
    const r = await runStep(ctx, `${BASE}/${id}/objections/${oid}`, this.resolve, x, body, `${BASE}/${id}`);
    send(res, r.page, r.status);
  }

  /** Notices are public, but this page is the village's: another region's notice is out of scope. */
  private async notice(ctx: ConsoleContext, id: string) {
    const n = await this.reader.get(id);
    assertInScope(ctx.actor, n.regionCode);
    return n;
  }

  private async objection(ctx: ConsoleContext, id: string, oid: string): Promise<ObjectionContext> {
    const notice = await this.notice(ctx, id);
    const objection = notice.objections.find((o) => o.id === oid);
    if (!objection) throw notFound('Objection', oid);
    return { notice, objection };
  }
}
