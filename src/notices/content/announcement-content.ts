import type { EntityManager } from 'typeorm';
import { fenToYuan } from '../../common/money';
import { SOURCE_LEVEL_NAMES, SOURCE_LEVELS, type SourceLevel } from '../../funds/fund.entity';
import type { NoticeContent, NoticeTable } from '../notice-content';
import { regionFullName, regionFullNames } from '../region-names';
import { amountField, chineseDate, field, sum, withTotal } from './notice-labels';

export interface AnnouncementFrame {
  countyCode: string;
  year: number;
  issuer: string;
  periodStart: string;
  issuedOn: string;
  hotline: { local: string; national: string };
  correctsNoticeId: string | null;
}

/** Columns of the project table: the four government levels, then the rest together. */
const LEVEL_COLUMNS: Array<{ key: string; label: string; levels: SourceLevel[] }> = [
  { key: 'central', label: '中央', levels: ['central'] },
  { key: 'provincial', label: '省级', levels: ['provincial'] },
  { key: 'municipal', label: '市级', levels: ['municipal'] },
  { key: 'county', label: '县级', levels: ['county'] },
  { key: 'other', label: '其他', levels: ['east_west', 'social'] },
];

/** 资金分配结果公告: the county books' fund documents of the year, and its approved projects by source level. */
export async function buildAnnouncement(em: EntityManager, frame: AnnouncementFrame): Promise<NoticeContent> {
  const book = frame.countyCode;
  const funds: Array<{ doc_no: string; title: string; source_level: SourceLevel; amount: string; issued_on: string }> =
    await em.query(
      `SELECT doc_no, title, source_level, amount, issued_on::text FROM fund
        WHERE book = $1 AND year = $2 ORDER BY issued_on, entry_seq`,
      [book, frame.year],
    );
  const lines: Array<{
    id: string;
    name: string;
    region_code: string;
    approval_doc_no: string | null;
    source_level: SourceLevel;
    amount: string;
  }> = await em.query(
    `SELECT p.id, p.name, p.region_code, p.approval_doc_no, f.source_level, sum(l.committed - l.released) AS amount
       FROM project p JOIN project_funding l ON l.project_id = p.id JOIN fund f ON f.id = l.fund_id
      WHERE p.book = $1 AND p.approved_on >= make_date($2::int, 1, 1) AND p.approved_on < make_date($2::int + 1, 1, 1)
      GROUP BY p.id, p.name, p.region_code, p.approval_doc_no, p.entry_seq, f.source_level
     HAVING sum(l.committed - l.released) > 0
      ORDER BY p.entry_seq, p.id`,
    [book, frame.year],
  );
  const [countyName, places] = await Promise.all([
    regionFullName(em, book),
    regionFullNames(
      em,
      lines.map((l) => l.region_code),
    ),
  ]);

  const fundTable = withTotal({
    title: `${frame.year}年度资金下达情况`,
    columns: [
      { key: 'issuedOn', label: '下达日期', kind: 'text', width: 3 },
      { key: 'docNo', label: '指标文号', kind: 'text', width: 4 },
      { key: 'title', label: '资金名称', kind: 'text', width: 6 },
      { key: 'level', label: '资金级次', kind: 'text', width: 2 },
      { key: 'amount', label: '金额(元)', kind: 'amount', width: 3 },
    ],
    rows: funds.map((f) => ({
      issuedOn: f.issued_on,
      docNo: f.doc_no,
      title: f.title,
      level: SOURCE_LEVEL_NAMES[f.source_level],
      amount: fenToYuan(BigInt(f.amount)),
    })),
  });

  const byProject = new Map<string, Record<string, string> & { _total: string }>();
  for (const l of lines) {
    const row = byProject.get(l.id) ?? {
      name: l.name,
      place: (places.get(l.region_code) ?? l.region_code).replace(countyName, ''),
      docNo: l.approval_doc_no ?? '',
      ...Object.fromEntries(LEVEL_COLUMNS.map((c) => [c.key, '0.00'])),
      _total: '0.00',
    };
    const column = LEVEL_COLUMNS.find((c) => c.levels.includes(l.source_level))!.key;
    row[column] = fenToYuan(BigInt(row[column].replace('.', '')) + BigInt(l.amount));
    row._total = fenToYuan(BigInt(row._total.replace('.', '')) + BigInt(l.amount));
    byProject.set(l.id, row);
  }
  const projectTable: NoticeTable = withTotal({
    title: `${frame.year}年度项目资金安排情况`,
    columns: [
      { key: 'name', label: '项目名称', kind: 'text', width: 6 },
      { key: 'place', label: '实施地点', kind: 'text', width: 4 },
      { key: 'docNo', label: '批复文号', kind: 'text', width: 4 },
      ...LEVEL_COLUMNS.map((c) => ({ key: c.key, label: c.label, kind: 'amount' as const, width: 3 })),
      { key: 'total', label: '合计', kind: 'amount', width: 3 },
    ],
    rows: [...byProject.values()].map(({ _total, ...row }) => ({ ...row, total: _total })),
  });

  const received = sum(funds.map((f) => BigInt(f.amount)));
  const arranged = sum(lines.map((l) => BigInt(l.amount)));
  const levels = SOURCE_LEVELS.map(
    (level) => [level, sum(funds.filter((f) => f.source_level === level).map((f) => BigInt(f.amount)))] as const,
  ).filter(([, v]) => v > 0n);
  return {
    version: 1,
    type: 'announcement',
    title: `${countyName}${frame.year}年度衔接推进乡村振兴资金分配结果公告`,
    issuer: frame.issuer,
    regionCode: book,
    regionName: countyName,
    projectId: null,
    correctsNoticeId: frame.correctsNoticeId,
    periodStart: frame.periodStart,
    periodEnd: null,
    issuedOn: frame.issuedOn,
    preamble:
      `根据资金和项目公告公示制度,现将${countyName}${frame.year}年度衔接推进乡村振兴资金分配及项目安排结果予以公告,` +
      `自${chineseDate(frame.periodStart)}起长期公开,接受社会监督。` +
      (frame.correctsNoticeId ? '本公告更正此前发布的同一公告,原公告作废。' : ''),
    fields: [
      field('公告年度', `${frame.year}年`),
      amountField('下达资金合计', received),
      ...levels.map(([level, v]) => amountField(`其中:${SOURCE_LEVEL_NAMES[level]}资金`, v)),
      amountField('安排项目资金合计', arranged),
      field('安排项目个数', `${byProject.size} 个`),
    ],
    tables: [fundTable, projectTable],
    hotline: frame.hotline,
  };
}
