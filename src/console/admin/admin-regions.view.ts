import type { Page } from '../../common/pagination';
import { html } from '../../public/html';
import type { RegionDto } from '../../regions/dto/region.dto';
import type { ConsoleContext } from '../console-context';
import type { FormState } from '../forms';
import { consolePage } from '../layout';
import { confirmForm, field, form, pager, resultView } from '../views/form.view';

export const LEVEL_NAMES: Record<string, string> = {
  country: '全国',
  province: '省',
  city: '市',
  county: '县（区）',
  township: '乡（镇）',
  village: '村',
};

export function regionsPage(ctx: ConsoleContext, region: RegionDto, page: Page<RegionDto>, cursor?: string): string {
  const up =
    region.parentCode && region.code !== ctx.actor.regionCode
      ? html`<a href="/console/admin/regions?parent=${region.parentCode}">« 上一级</a>`
      : '';
  const rows = page.items.map(
    (r) => html`<tr>
      <td class="mono">${r.code}</td>
      <td>${r.level === 'village' ? r.name : html`<a href="/console/admin/regions?parent=${r.code}">${r.name}</a>`}</td>
      <td>${LEVEL_NAMES[r.level] ?? r.level}</td>
    </tr>`,
  );
  return consolePage(
    ctx,
    '区划',
    html`<h1>区划：${region.name} <span class="muted mono">${region.code}</span></h1>
      <p>${up} <a class="button" href="/console/admin/regions/new?parent=${region.code}">新建下级区划</a></p>
      <div class="scroll">
        <table>
          <thead><tr><th>代码</th><th>名称</th><th>级别</th></tr></thead>
          <tbody>${rows.length ? rows : html`<tr><td colspan="3" class="muted">没有下级区划。</td></tr>`}</tbody>
        </table>
      </div>
      ${pager('/console/admin/regions', { parent: region.code, cursor }, page.nextCursor)}`,
  );
}

export function newRegionPage(ctx: ConsoleContext, f: FormState<unknown>): string {
  const fields = html`${field({ name: 'code', label: '区划代码', required: true, hint: '12 位统计用区划代码' }, f)}
  ${field({ name: 'name', label: '名称', required: true, hint: '如：孟庙镇' }, f)}
  ${field({ name: 'parentCode', label: '上级区划代码', hint: '可不填：由代码推出；填写时须一致' }, f)}`;
  return consolePage(
    ctx,
    '新建区划',
    html`<h1>新建区划</h1>
      <div class="card">${form('/console/admin/regions/new', ctx.csrf, fields)}</div>`,
  );
}

export function confirmRegionPage(ctx: ConsoleContext, values: Record<string, string>): string {
  return consolePage(
    ctx,
    '确认新建区划',
    html`<h1>确认新建区划</h1>
      ${confirmForm('/console/admin/regions/new', ctx.csrf, values, [
        ['区划代码', values.code],
        ['名称', values.name],
        ['上级区划代码', values.parentCode || '（由代码推出）'],
      ])}`,
  );
}

export function createdRegionPage(ctx: ConsoleContext, region: RegionDto): string {
  return consolePage(
    ctx,
    '区划已创建',
    html`<h1>区划已创建</h1>
      ${resultView('区划已创建。', [
        ['区划代码', region.code],
        ['名称', region.name],
        ['级别', LEVEL_NAMES[region.level] ?? region.level],
        ['上级区划代码', region.parentCode ?? ''],
      ])}
      <p><a href="/console/admin/regions?parent=${region.parentCode ?? ''}">返回区划列表</a></p>`,
  );
}
