/**
 * A public notice's content (三公示一公告): a snapshot of the ledger at publishing, the one thing hashed
 * (RFC 8785, SHA-256) and rendered, so it renders the same forever. Public data only: household names
 * (the law wants to-household lists public), ID numbers masked, never phones or accounts.
 */
export const NOTICE_TYPES = ['application', 'approval', 'completion', 'announcement'] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];

/** Chinese names printed in titles and lists. */
export const NOTICE_TYPE_NAMES: Record<NoticeType, string> = {
  application: '申报公示',
  approval: '批复公示',
  completion: '验收公示',
  announcement: '资金分配结果公告',
};

/** One labelled line: 项目名称, 实施地点, 绩效目标 … An amount is printed as figures and in capitals. */
export interface NoticeField {
  label: string;
  value: string;
  /** Yuan with two decimals ("1409.50") when the field is an amount; `value` then repeats it as shown. */
  amountYuan?: string;
}

export interface NoticeColumn {
  key: string;
  label: string;
  /** `amount` cells hold yuan strings ("1409.50"), right-aligned; `text` the rest. */
  kind: 'text' | 'amount';
  /** Relative width; columns share the page width in proportion. */
  width: number;
}

/** A table that may run over several pages (the PDF repeats its header on each). */
export interface NoticeTable {
  title: string;
  columns: NoticeColumn[];
  rows: Array<Record<string, string>>;
  /** Totals row (same keys); an amount total is also printed in capitals under the table. */
  total?: Record<string, string>;
}

export interface NoticeContent {
  /** Version of this shape; bump when a field changes meaning. */
  version: 1;
  type: NoticeType;
  /** e.g. "郾城区新店镇刘庄村2026年度道路硬化项目申报公示". */
  title: string;
  /** Issuing unit (谁分配、谁使用、谁公开), e.g. "刘庄村村民委员会". */
  issuer: string;
  regionCode: string;
  /** Full name of the region, "漯河市郾城区新店镇刘庄村". */
  regionName: string;
  projectId: string | null;
  /** The notice this one corrects (a published notice never changes). */
  correctsNoticeId: string | null;
  /** Business dates (YYYY-MM-DD, China time); an announcement has no end. */
  periodStart: string;
  periodEnd: string | null;
  issuedOn: string;
  /** Opening paragraph ("现将…予以公示，公示期…"). */
  preamble: string;
  fields: NoticeField[];
  tables: NoticeTable[];
  /** Supervision hotline: the local number and the national 12317. */
  hotline: { local: string; national: string };
}

/** What the journal adds once the notice is published: printed in the PDF footer and the QR code. */
export interface NoticeSeal {
  /** Hex SHA-256 of the canonical content. */
  contentHash: string;
  book: string;
  seq: string;
  /** Absolute URL of /public/verify/:noticeId. */
  verifyUrl: string;
}
