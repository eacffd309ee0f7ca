import { ExportTable, inPeriod, money } from './export-table';

/** Characters of an entry's payload shown in the 摘要 column: enough to read, short enough for a cell. */
const SUMMARY_CHARS = 300;

interface EntryRow {
  book: string;
  seq: string;
  type: string;
  occurred_on: string;
  recorded_at: string;
  actor: string;
  subjects: string;
  reverses_seq: string | null;
  moved: string | null;
  summary: string;
  hash: string;
  prev_hash: string;
}

/**
 * 分录: the journal entries of the books in the region (one book per county and per higher office; a township's
 * or village's entries are in its county's book). 发生额 is what the entry moved: the sum of its positive postings.
 */
export const ENTRIES: ExportTable<EntryRow> = {
  name: 'entries',
  title: '分录',
  columns: [
    { header: '账簿', width: 14, value: (r) => r.book },
    { header: '序号', width: 10, value: (r) => Number(r.seq) },
    { header: '类型', width: 22, value: (r) => r.type },
    { header: '业务日期', width: 12, value: (r) => r.occurred_on },
    { header: '记录时间', width: 26, value: (r) => r.recorded_at },
    { header: '操作人', width: 38, value: (r) => r.actor },
    { header: '关联对象', width: 40, value: (r) => r.subjects },
    { header: '冲销序号', width: 10, value: (r) => (r.reverses_seq === null ? null : Number(r.reverses_seq)) },
    money('发生额(元)', (r) => r.moved),
    { header: '摘要', width: 60, value: (r) => r.summary },
    { header: '本条哈希', width: 66, value: (r) => r.hash },
    { header: '前条哈希', width: 66, value: (r) => r.prev_hash },
  ],
  sql: `
    SELECT e.book, e.seq, e.type, e.occurred_on::text AS occurred_on,
           to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at,
           e.actor, array_to_string(e.subjects, ' ') AS subjects, e.reverses_seq,
           (SELECT sum(p.amount) FROM journal_posting p WHERE p.book = e.book AND p.seq = e.seq AND p.amount > 0)::text
             AS moved,
           left((convert_from(e.body, 'UTF8')::jsonb -> 'payload')::text, ${SUMMARY_CHARS}) AS summary,
           encode(e.hash, 'hex') AS hash, encode(e.prev_hash, 'hex') AS prev_hash
      FROM journal_entry e
     WHERE e.book LIKE $1 AND ${inPeriod('e.occurred_on')}
     ORDER BY e.book, e.seq`,
};

interface PostingRow {
  book: string;
  seq: string;
  idx: number;
  occurred_on: string;
  type: string;
  account: string;
  fund_doc_no: string | null;
  fund_id: string;
  amount: string;
}

/** 记账明细: every posting (double entry: each entry's postings of one fund sum to zero). */
export const POSTINGS: ExportTable<PostingRow> = {
  name: 'postings',
  title: '记账明细',
  columns: [
    { header: '账簿', width: 14, value: (r) => r.book },
    { header: '序号', width: 10, value: (r) => Number(r.seq) },
    { header: '行号', width: 6, value: (r) => r.idx },
    { header: '业务日期', width: 12, value: (r) => r.occurred_on },
    { header: '分录类型', width: 22, value: (r) => r.type },
    { header: '科目', width: 56, value: (r) => r.account },
    { header: '资金文号', width: 24, value: (r) => r.fund_doc_no },
    { header: '资金编号', width: 38, value: (r) => r.fund_id },
    money('金额(元)', (r) => r.amount),
  ],
  sql: `
    SELECT p.book, p.seq, p.idx, p.occurred_on::text AS occurred_on, e.type, p.account, f.doc_no AS fund_doc_no,
           p.fund_id, p.amount::text AS amount
      FROM journal_posting p JOIN journal_entry e ON e.book = p.book AND e.seq = p.seq
      LEFT JOIN fund f ON f.id = p.fund_id
     WHERE p.book LIKE $1 AND ${inPeriod('p.occurred_on')}
     ORDER BY p.book, p.seq, p.idx`,
};
