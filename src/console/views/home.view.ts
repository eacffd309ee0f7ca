import { html } from '../../public/html';
import type { ConsoleContext } from '../console-context';
import type { WaitGroup, YearFigures } from '../dashboard.service';
import { consolePage } from '../layout';
import { yuan } from './form.view';

export function homePage(ctx: ConsoleContext, waits: WaitGroup[], figures: YearFigures): string {
  const figure = (label: string, amount: string, note: string) =>
    html`<div class="card"><div class="muted">${label}</div><div class="figure">${yuan(amount)}</div>
      <div class="muted">${note}</div></div>`;
  const groups = waits.map(
    (g) => html`<section class="card">
      <h2>${g.title} <span class="muted">（${g.count} 项）</span></h2>
      ${
        g.items.length
          ? html`<ul>
            ${g.items.map(
              (i) => html`<li><a href="${i.href}">${i.label}</a> <span class="muted">${i.detail}</span></li>`,
            )}
          </ul>`
          : html`<p class="muted">暂无。</p>`
      }
      ${g.count > g.items.length ? html`<p class="muted">另有 ${g.count - g.items.length} 项未列出。</p>` : ''}
    </section>`,
  );
  return consolePage(
    ctx,
    '工作台',
    html`<h1>工作台</h1>
      <h2>${figures.year} 年度 · ${ctx.regionName}</h2>
      <p class="muted">
        <a href="/console?year=${figures.year - 1}">« ${figures.year - 1} 年度</a>
        · <a href="/console?year=${figures.year + 1}">${figures.year + 1} 年度 »</a>
      </p>
      <div class="cards">
        ${figure('资金到位', figures.received, '本辖区收到的上级资金')}
        ${figure('下拨下级', figures.allocatedDown, '辖区内再分配到下级的资金')}
        ${figure('项目已安排', figures.committed, `${figures.projects} 个项目`)}
        ${figure('已支付', figures.paid, '支付给收款人的金额')}
      </div>
      <h2>待办事项</h2>
      ${groups.length ? groups : html`<p class="card muted">您的角色没有待办的审批事项。</p>`}`,
  );
}
