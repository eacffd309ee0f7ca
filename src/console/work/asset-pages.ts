import { Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AssetReadService } from '../../assets/asset-read.service';
import type { AssetDto } from '../../assets/dto/asset-view.dto';
import { notFound } from '../../common/errors/domain-error';
import type { Page } from '../../common/pagination';
import type { HouseholdsService } from '../../households/households.service';
import { Html, html } from '../../public/html';
import { ConsolePost, Ctx, FormBody } from '../console.decorators';
import type { ConsoleContext } from '../console-context';
import { consolePage } from '../layout';
import { pager, yuan } from '../views/form.view';
import { type AssetContext, DISPOSAL_NAMES } from './asset.steps';
import { ASSET_STATUS_NAMES, CLASS_NAMES, OWNER_NAMES } from './labels';
import { runStep, showStep, type SomeStep } from './step';

const send = (res: Response, page: string, status = 200) => res.status(status).type('html').send(page);
const uuidOf = (v: unknown) => (typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined);

/**
 * The asset pages of a role (village: income and distributions; program office: hand-over and
 * disposal too): list, one asset, and its steps by path segment. Subclasses set the path and roles.
 */
export abstract class AssetPages {
  protected abstract readonly base: string;
  protected abstract readonly steps: Record<string, { label: string; step: SomeStep<AssetContext> }>;

  constructor(
    protected readonly assets: AssetReadService,
    protected readonly households: HouseholdsService,
  ) {}

  @Get()
  async list(@Ctx() ctx: ConsoleContext, @Query('cursor') cursor: unknown, @Res() res: Response) {
    const c = uuidOf(cursor);
    send(res, this.listPage(ctx, await this.assets.list(ctx.actor, { limit: 50, cursor: c }), c));
  }

  @Get(':id')
  async show(@Ctx() ctx: ConsoleContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const a = await this.assets.get(ctx.actor, id);
    // Only the steps the service would take for the asset as it stands: their `closed` is the service's rule.
    const x: AssetContext = { asset: a, households: [], base: this.base };
    const actions = Object.entries(this.steps)
      .filter(([, s]) => !s.step.closed?.(x))
      .map(([k, s]) => html`<a class="button" href="${this.base}/${id}/${k}">${s.label}</a> `);
    send(
      res,
      consolePage(
        ctx,
        a.name,
        html`<h1>${a.name}</h1><p class="actions">${actions}</p>${assetFacts(a)}
      <p><a href="${this.base}">返回资产列表</a></p>`,
      ),
    );
  }

  @Get(':id/:step')
  async stepForm(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('step') name: string,
    @Res() res: Response,
  ) {
    const [step, x] = await this.load(ctx, id, name);
    send(res, showStep(ctx, `${this.base}/${id}/${name}`, step, x, `${this.base}/${id}`));
  }

  @ConsolePost(':id/:step')
  async submit(
    @Ctx() ctx: ConsoleContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('step') name: string,
    @FormBody() body: Record<string, string>,
    @Res() res: Response,
  ) {
    const [step, x] = await this.load(ctx, id, name);
    const r = await runStep(ctx, `${this.base}/${id}/${name}`, step, x, body, `${this.base}/${id}`);
    send(res, r.page, r.status);
  }

  private async load(ctx: ConsoleContext, id: string, name: string): Promise<[SomeStep<AssetContext>, AssetContext]> {
    const entry = Object.hasOwn(this.steps, name) ? this.steps[name] : undefined;
    if (!entry) throw notFound('Page', name);
    const asset = await this.assets.get(ctx.actor, id);
    const households =
      name === 'distribute' && asset.villageCode
        ? (await this.households.list(ctx.actor, { regionCode: asset.villageCode, limit: 500 })).items.filter(
            (h) => h.status === 'listed',
          )
        : [];
    return [entry.step, { asset, households, base: this.base }];
  }

  private listPage(ctx: ConsoleContext, page: Page<AssetDto>, cursor?: string): string {
    const rows = page.items.map(
      (a) => html`<tr>
        <td class="mono">${a.assetNo}</td><td><a href="${this.base}/${a.id}">${a.name}</a></td>
        <td>${CLASS_NAMES[a.assetClass]}</td><td>${ASSET_STATUS_NAMES[a.status]}</td>
        <td class="num">${yuan(a.value)}</td><td class="num">${yuan(a.income.total)}</td>
        <td class="num">${yuan(a.income.undistributed)}</td>
      </tr>`,
    );
    return consolePage(
      ctx,
      '资产',
      html`<h1>资产与收益</h1><div class="card">
        ${
          page.items.length
            ? html`<div class="scroll"><table><thead><tr><th>编号</th><th>名称</th><th>类别</th><th>状态</th><th>价值</th>
              <th>收益累计</th><th>待分配</th></tr></thead><tbody>${rows}</tbody></table></div>`
            : html`<p class="muted">暂无资产。</p>`
        }
        ${pager(this.base, { cursor }, page.nextCursor)}</div>`,
    );
  }
}

export function assetFacts(a: AssetDto): Html {
  return html`<div class="card"><dl class="facts">
    <dt>资产编号</dt><dd class="mono">${a.assetNo}</dd>
    <dt>来源项目</dt><dd>${a.projectName}（${a.approvalDocNo ?? '—'}）</dd>
    <dt>类别 / 状态</dt><dd>${CLASS_NAMES[a.assetClass]} / ${ASSET_STATUS_NAMES[a.status]}</dd>
    <dt>价值</dt><dd>${yuan(a.value)}</dd>
    <dt>坐落</dt><dd class="mono">${a.location}</dd>
    <dt>所有权人</dt><dd>${OWNER_NAMES[a.owner.type]} ${a.owner.name ?? ''}</dd>
    <dt>管护主体</dt><dd>${a.custodian}${a.responsiblePerson ? `（${a.responsiblePerson}）` : ''}</dd>
    <dt>收益</dt><dd>累计 ${yuan(a.income.total)}，已分配 ${yuan(a.income.distributed)}，待分配 ${yuan(a.income.undistributed)}</dd>
    <dt>登记 / 移交</dt><dd>${a.registeredOn} / ${a.handedOverOn ?? '—'}</dd>
    ${
      a.disposal
        ? html`<dt>处置</dt><dd>${DISPOSAL_NAMES[a.disposal.method] ?? a.disposal.method} ${a.disposal.disposedOn}，
          收入 ${yuan(a.disposal.proceeds)}</dd>`
        : ''
    }
  </dl></div>`;
}
