import { Get, Query, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Roles } from '../../auth/access.decorators';
import { isWithin } from '../../common/region-code';
import { LedgerReadService } from '../../journal/http/ledger-read.service';
import { html } from '../../public/html';
import { ConsoleController, Ctx } from '../console.decorators';
import type { ConsoleContext } from '../console-context';
import { consolePage } from '../layout';
import { send } from '../finance/finance-labels';

/**
 * 账本校验: re-hash a book and check its signed checkpoints (the API's ledger/verify, same roles). Reading the
 * whole book takes a while on a large county, so it runs only when asked for one book.
 */
@ConsoleController('audit/verify')
@Roles('auditor', 'finance', 'admin')
export class VerifyPagesController {
  constructor(
    private readonly ledger: LedgerReadService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Get()
  async page(@Ctx() ctx: ConsoleContext, @Query('book') book: unknown, @Res() res: Response) {
    const all: Array<{ code: string; head_seq: string }> = await this.db.query(
      `SELECT code, head_seq::text FROM journal_book ORDER BY code`,
    );
    const books = all.filter((b) => isWithin(ctx.actor.regionCode, b.code));
    const chosen = typeof book === 'string' && book ? book : undefined;
    const report = chosen ? await this.ledger.verify(ctx.actor, chosen) : undefined;
    const rows = books.map(
      (b) => html`<tr>
        <td class="mono">${b.code}</td><td class="num">${b.head_seq}</td>
        <td><a href="/console/audit/verify?book=${b.code}">校验</a></td>
      </tr>`,
    );
    send(
      res,
      consolePage(
        ctx,
        '账本校验',
        html`<h1>账本校验</h1>
          <p>逐条重算账本的哈希链，并核对每个签名检查点；发现第一处不符即报告。</p>
          ${
            report
              ? html`<div class="card" id="verify-result" data-ok="${report.ok ? 'true' : 'false'}">
                <p class="box ${report.ok ? 'ok' : 'bad'}">
                  账簿 <span class="mono">${report.book}</span>：${report.ok ? '校验通过' : '校验失败'}
                </p>
                <dl class="facts">
                  <dt>记录条数</dt><dd>${String(report.entries)}</dd>
                  <dt>核对的检查点</dt><dd>${String(report.checkpointsChecked)}</dd>
                  ${report.firstBadSeq ? html`<dt>第一处不符</dt><dd>第 ${String(report.firstBadSeq)} 条</dd>` : ''}
                  ${report.problem ? html`<dt>问题</dt><dd>${report.problem}</dd>` : ''}
                </dl>
              </div>`
              : ''
          }
          <div class="scroll"><table>
            <thead><tr><th>账簿</th><th>记录条数</th><th></th></tr></thead>
            <tbody>${rows.length ? rows : html`<tr><td colspan="3" class="muted">本区划没有账簿</td></tr>`}</tbody>
          </table></div>`,
      ),
    );
  }
}
