import { businessToday } from '../../common/business-date';
import { NOTICE_TYPE_NAMES } from '../../notices/notice-content';
import { addDays, PublishNoticeDto } from '../../notices/dto/notice.dto';
import { DomainError } from '../../common/errors/domain-error';
import type { NoticePdfService } from '../../notices/notice-pdf.service';
import { NOTICE_FROM, type NoticesService } from '../../notices/notices.service';
import type { ConsoleContext } from '../console-context';
import type { ProjectDto } from '../../projects/dto/project-view.dto';
import { html } from '../../public/html';
import { field } from '../views/form.view';
import { closedNotice, projectSubject, statusNames } from './closed';
import { choose, type Step } from './step';

type ProjectNoticeType = 'application' | 'approval' | 'completion';
const MIN_DAYS: Record<ProjectNoticeType, number> = { application: 7, approval: 10, completion: 5 };
const MIN_HINT = '申报公示不少于 7 天，批复 10 天，验收 5 天';

/** The query of the preview link: the draft as it would be published. */
export function previewHref(base: string, v: Record<string, string>): string {
  const q = new URLSearchParams();
  for (const k of ['type', 'periodStart', 'periodEnd', 'issuer']) if (v[k]) q.set(k, v[k]);
  if (v['hotline.local']) q.set('hotline', v['hotline.local']);
  return `${base}/notice-preview?${q.toString()}`;
}

/**
 * 发布公示 of a project (申报/批复/验收公示): the form, then the confirmation with the draft PDF to look at
 * first, then the published notice with its journal entry and the PDF to print.
 */
export function noticeStep(
  types: ProjectNoticeType[],
  issuerOf: (regionName: string) => string,
  notices: NoticesService,
  base: (p: ProjectDto) => string,
): Step<PublishNoticeDto, ProjectDto> {
  // The types the service would publish for the project as it stands (its NOTICE_FROM), the only ones offered.
  const open = (p: ProjectDto) => types.filter((t) => NOTICE_FROM[t].includes(p.status));
  const when = types.map((t) => `${NOTICE_TYPE_NAMES[t]}在项目状态为${statusNames(NOTICE_FROM[t])}时发布`);
  return {
    title: '发布公示',
    Dto: PublishNoticeDto,
    fixed: (p) => ({ projectId: p.id }),
    closed: (p) =>
      open(p).length ? undefined : closedNotice(projectSubject(p, base(p)), '发布公示', `${when.join('；')}。`),
    defaults: (p, ctx) => {
      const today = businessToday();
      const type = open(p)[0] ?? types[0];
      return { type, periodStart: today, periodEnd: addDays(today, MIN_DAYS[type]), issuer: issuerOf(ctx.regionName) };
    },
    intro: (p) =>
      html`<p>项目：<strong>${p.name}</strong>。先预览公示（PDF），核对无误后再发布；发布后写入台账，不能删除，只能更正。</p>`,
    fields: (f, p) => html`
      ${choose(
        'type',
        '公示类型',
        open(p).map((t): [string, string] => [t, NOTICE_TYPE_NAMES[t]]),
        f,
      )}
      ${field({ name: 'periodStart', label: '公示开始日期', type: 'date', required: true, hint: '最多可提前 30 天' }, f)}
      ${field({ name: 'periodEnd', label: '公示结束日期', type: 'date', required: true, hint: MIN_HINT }, f)}
      ${field({ name: 'issuer', label: '发布单位', required: true }, f)}
      ${field({ name: 'hotline.local', label: '本地监督电话', hint: '如 0395-1234567；全国 12317 自动附上' }, f)}`,
    check: (dto) => (dto.periodEnd && dto.periodEnd < dto.periodStart ? [['periodEnd', '结束日期早于开始日期']] : []),
    confirm: (dto, v, p) => [
      ['公示类型', NOTICE_TYPE_NAMES[dto.type]],
      ['公示期', `${dto.periodStart} 至 ${dto.periodEnd ?? ''}`],
      ['发布单位', dto.issuer],
      ['监督电话', dto.hotline?.local ?? '（未填）'],
      [
        '预览',
        html`<a class="button secondary" href="${previewHref(base(p), v)}" target="_blank" rel="noopener"
          >预览公示（PDF）</a
        >`,
      ],
    ],
    warning: '请先点击“预览公示（PDF）”核对内容。确认后公示即发布并写入台账，不能删除，只能更正。',
    run: async (dto, p, ctx) => {
      const n = await notices.publish(ctx.actor, dto);
      return {
        message: '公示已发布。',
        rows: [
          ['公示类型', NOTICE_TYPE_NAMES[dto.type]],
          ['公示期', `${dto.periodStart} 至 ${dto.periodEnd ?? ''}`],
          ['打印', html`<a class="button" href="${n.pdfUrl}" target="_blank" rel="noopener">打印公示（PDF）</a>`],
          ['核验地址', html`<span class="mono">${n.verifyUrl}</span>`],
        ],
        entry: { book: n.book, seq: n.seq },
        next: html`<p><a href="${base(p)}">返回项目</a></p>`,
      };
    },
    errorField: (e) => (e.code.includes('PERIOD') || e.code.includes('DATE') ? 'periodEnd' : undefined),
  };
}

/** For the preview route: the query as the service's frame. */
export function previewFrame(q: Record<string, unknown>) {
  const s = (k: string) => (typeof q[k] === 'string' && q[k] !== '' ? (q[k] as string) : undefined);
  return { periodStart: s('periodStart'), periodEnd: s('periodEnd'), issuer: s('issuer'), hotline: s('hotline') };
}

/** Renders the draft of a project notice; the type must be one the role publishes. */
export async function previewPdf(
  notices: NoticesService,
  pdfs: NoticePdfService,
  ctx: ConsoleContext,
  id: string,
  q: Record<string, unknown>,
  types: Array<'application' | 'approval' | 'completion'>,
): Promise<Buffer> {
  const type = types.find((t) => t === q.type);
  if (!type) throw new DomainError('VALIDATION_FAILED', 'type must be a notice type of your role / 公示类型不正确');
  const frame = previewFrame(q);
  if ((frame.issuer?.length ?? 0) > 100 || (frame.hotline?.length ?? 0) > 30)
    throw new DomainError('VALIDATION_FAILED', 'issuer or hotline too long / 发布单位或电话过长');
  for (const d of [frame.periodStart, frame.periodEnd])
    if (d !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(d))
      throw new DomainError('VALIDATION_FAILED', 'dates are YYYY-MM-DD / 日期格式 YYYY-MM-DD');
  return pdfs.render(await notices.preview(ctx.actor, id, type, frame), null);
}
