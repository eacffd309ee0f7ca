import type { Page } from '../../common/pagination';
import type { HouseholdDto } from '../../households/dto/household.dto';
import type { ImportProblem } from '../../excel/import/import-report';
import { Html, html } from '../../public/html';
import type { ConsoleContext } from '../console-context';
import { consolePage } from '../layout';
import { pager } from '../views/form.view';
import { HOUSEHOLD_CATEGORY_NAMES, LABOR_NAMES } from '../work/labels';

const BASE = '/console/village/households';

export function householdsPage(ctx: ConsoleContext, page: Page<HouseholdDto>, cursor?: string): string {
  const rows = page.items.map(
    (h) => html`<tr>
      <td>${h.headName}</td>
      <td class="mono">${h.idNumberMasked}</td>
      <td class="mono">${h.regionCode}</td>
      <td class="num">${h.members}</td>
      <td>${HOUSEHOLD_CATEGORY_NAMES[h.category]}</td>
      <td>${LABOR_NAMES[h.laborCapacity]}</td>
      <td>${h.since}</td>
      <td>${h.status === 'listed' ? html`<a href="${BASE}/${h.id}/exit">办理退出</a>` : `已退出（${h.until}）`}</td>
    </tr>`,
  );
  return consolePage(
    ctx,
    '农户',
    html`<h1>农户（建档立卡）</h1>
      <p class="actions"><a class="button" href="${BASE}/new">登记农户</a>
        <a class="button secondary" href="${BASE}/import">从 Excel 导入</a></p>
      <div class="card">
        ${
          page.items.length
            ? html`<div class="scroll"><table>
              <thead><tr><th>户主</th><th>身份证号码</th><th>村</th><th>人口</th><th>户类型</th><th>劳动能力</th>
                <th>纳入日期</th><th>状态</th></tr></thead>
              <tbody>${rows}</tbody>
            </table></div>`
            : html`<p class="muted">尚未登记农户。</p>`
        }
        ${pager(BASE, { cursor }, page.nextCursor)}
      </div>`,
  );
}

/** The upload form (multipart: works without JavaScript). */
export function importForm(ctx: ConsoleContext, problem?: string, problems: ImportProblem[] = []): Html {
  return html`<div class="card">
    ${problem ? html`<p class="box bad" role="alert">${problem}</p>` : ''}
    ${problems.length ? problemsTable(problems) : ''}
    <form class="form" method="post" action="${BASE}/import" enctype="multipart/form-data">
      <input type="hidden" name="_csrf" value="${ctx.csrf}" />
      <div class="field${problem ? ' bad' : ''}">
        <label for="f-file">Excel 文件（.xlsx，最大 1 MB）</label>
        <input type="file" id="f-file" name="file" accept=".xlsx" required />
        <p class="hint">请使用 <a href="/api/v1/households/import/template">导入模板</a> 的列；全部行无误才会导入，有错则一行也不导入。</p>
      </div>
      <button type="submit">下一步</button>
    </form>
  </div>`;
}

function problemsTable(problems: ImportProblem[]): Html {
  return html`<div class="scroll"><table>
    <thead><tr><th>行</th><th>列</th><th>内容</th><th>问题</th></tr></thead>
    <tbody>${problems.slice(0, 200).map(
      (p) => html`<tr><td class="num">${p.row}</td><td>${p.column}</td><td class="mono">${p.value ?? ''}</td>
        <td>${p.reason}</td></tr>`,
    )}</tbody>
  </table></div>`;
}

export function importPage(ctx: ConsoleContext, body: Html): string {
  return consolePage(
    ctx,
    '从 Excel 导入农户',
    html`<h1>从 Excel 导入农户</h1>${body}<p><a href="${BASE}">返回农户列表</a></p>`,
  );
}

/** The confirmation: the rows as read (ID numbers masked), and the file carried back for 确认提交. */
export function importConfirm(
  ctx: ConsoleContext,
  rows: Array<{ row: number; headName: string; idMasked: string; regionCode: string; members: number }>,
  file: Buffer,
): Html {
  return html`<div class="card">
    <p class="box warn">文件共 ${rows.length} 户，检查无误。确认后全部写入台账（每户一条记录），不能删除，只能办理退出。</p>
    <div class="scroll"><table>
      <thead><tr><th>行</th><th>户主</th><th>身份证号码</th><th>村</th><th>人口</th></tr></thead>
      <tbody>${rows.slice(0, 50).map(
        (r) => html`<tr><td class="num">${r.row}</td><td>${r.headName}</td><td class="mono">${r.idMasked}</td>
          <td class="mono">${r.regionCode}</td><td class="num">${r.members}</td></tr>`,
      )}</tbody>
    </table></div>
    ${rows.length > 50 ? html`<p class="muted">仅显示前 50 行。</p>` : ''}
    <form method="post" action="${BASE}/import" enctype="multipart/form-data">
      <input type="hidden" name="_csrf" value="${ctx.csrf}" />
      <input type="hidden" name="_xlsx" value="${file.toString('base64')}" />
      <button type="submit" name="_confirm" value="1">确认提交</button>
      <a class="button secondary" href="${BASE}/import">重新选择文件</a>
    </form>
  </div>`;
}
