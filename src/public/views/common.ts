import { capitalsOrNull, formatYuan } from '../../notices/pdf/format';
import { NOTICE_TYPE_NAMES, type NoticeType } from '../../notices/notice-content';
import { html, type Html } from '../html';
import { STATUS_NAMES, type NoticeStatus } from '../notice-groups';

export { formatYuan };

export const noticeUrl = (id: string) => `/public/notices/${encodeURIComponent(id)}`;
export const verifyUrl = (id: string) => `/public/verify/${encodeURIComponent(id)}`;
export const pdfUrl = (id: string) => `/api/v1/notices/${encodeURIComponent(id)}/pdf`;

export function typeName(type: NoticeType): string {
  return NOTICE_TYPE_NAMES[type] ?? type;
}

export function periodText(start: string, end: string | null): string {
  return end ? `${start} 至 ${end}` : `自 ${start} 起`;
}

export function statusTag(status: NoticeStatus): Html {
  const kind = status === 'corrected' ? 'warn' : status === 'ended' ? 'past' : 'current';
  return html`<span class="tag ${kind}">${STATUS_NAMES[status]}</span>`;
}

/** 人民币…元整, or nothing when the text is not a non-negative yuan amount (as on the PDF). */
export function capitalsOf(yuan: string | undefined): string | null {
  return yuan ? capitalsOrNull(yuan.replace(/,/g, '')) : null;
}
