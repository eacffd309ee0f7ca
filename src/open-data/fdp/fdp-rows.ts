import type { EntityManager } from 'typeorm';
import { fenToYuan } from '../../common/money';
import { SOURCE_LEVEL_NAMES, SourceLevel } from '../../funds/fund.entity';

export type FdpPhase = 'allocated' | 'committed' | 'paid';

interface PostingRow {
  seq: string;
  idx: number;
  occurred_on: string;
  account: string;
  amount: string;
  fund_id: string;
  doc_no: string;
  source_level: SourceLevel;
  project_id: string | null;
  project_name: string | null;
  project_region: string | null;
  payee_type: string | null;
  payee_name: string | null;
}

/**
 * The county book's postings of fiscal funds in a year that move money in, to projects or out: pool postings
 * (without a project: the fund arriving; with one: committed or released) and payee postings (paid). Asset
 * income is tagged with the asset's own fund, which is no fiscal fund, so the join to `fund` leaves it out.
 */
const POSTINGS = `
  SELECT p.seq::text AS seq, p.idx, p.occurred_on::text AS occurred_on, p.account, p.amount::text AS amount,
         p.fund_id, f.doc_no, f.source_level, pr.id AS project_id, pr.name AS project_name,
         pr.region_code AS project_region, d.payee_type, d.payee_name
    FROM journal_posting p
    JOIN journal_entry e ON e.book = p.book AND e.seq = p.seq
    JOIN fund f ON f.id = p.fund_id
    LEFT JOIN project pr
      ON pr.id = (SELECT substr(s, 9)::uuid FROM unnest(e.subjects) s WHERE s LIKE 'project:%' LIMIT 1)
    LEFT JOIN LATERAL (
      SELECT d.payee_type, d.payee_name FROM disbursement d
       WHERE p.account LIKE 'payee:%' AND d.project_id = pr.id AND (d.entry_seq = p.seq OR d.reversed_seq = p.seq)
       LIMIT 1) d ON true
   WHERE p.book = $1 AND p.occurred_on >= $2 AND p.occurred_on < $3
     AND (p.account LIKE 'payee:%' OR p.account LIKE 'pool:%')
     AND p.seq > $4 AND p.seq <= $5
   ORDER BY p.seq, p.idx`;

export interface FdpRow {
  fundId: string;
  cells: string[];
}

/** RFC 4180: quote a cell that holds a comma, a quote or a line break. */
export const csvCell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
export const csvLine = (cells: string[]): string => `${cells.map(csvCell).join(',')}\r\n`;

function phaseOf(row: PostingRow): FdpPhase {
  if (row.account.startsWith('payee:')) return 'paid';
  return row.project_id ? 'committed' : 'allocated';
}

/**
 * The transactions.csv rows of the entries with seq in (after, upTo], in TRANSACTION_FIELDS order: a range of the
 * primary key per read, so each costs its window whatever the planner estimates.
 */
export async function fdpRows(
  em: EntityManager,
  county: string,
  year: number,
  after: number,
  upTo: number,
): Promise<FdpRow[]> {
  const rows: PostingRow[] = await em.query(POSTINGS, [county, `${year}-01-01`, `${year + 1}-01-01`, after, upTo]);
  return rows.map((r) => {
    const phase = phaseOf(r);
    // A commitment moves money out of the pool: it counts positive, a release back to the pool negative.
    const fen = phase === 'committed' ? -BigInt(r.amount) : BigInt(r.amount);
    const organisation = phase === 'paid' && r.payee_type !== 'household';
    return {
      fundId: r.fund_id,
      cells: [
        String(year),
        county,
        r.project_region ?? county,
        phase,
        r.occurred_on,
        `${county}-${r.seq}`,
        String(r.idx),
        r.doc_no,
        r.source_level,
        SOURCE_LEVEL_NAMES[r.source_level],
        r.project_id ?? '',
        r.project_name ?? '',
        phase === 'paid' ? (r.payee_type ?? '') : '',
        organisation ? (r.payee_name ?? '') : '',
        fenToYuan(fen),
      ],
    };
  });
}

/** funds.csv: the fund documents the transactions name, in FUND_FIELDS order. */
export async function fundLines(em: EntityManager, fundIds: string[]): Promise<string[]> {
  const rows: Array<{
    doc_no: string;
    title: string;
    source_level: SourceLevel;
    region_code: string;
    issued_on: string;
    year: number;
  }> = await em.query(
    `SELECT doc_no, title, source_level, region_code, issued_on::text AS issued_on, year
       FROM fund WHERE id = ANY($1) ORDER BY doc_no`,
    [fundIds],
  );
  return rows.map((r) =>
    csvLine([
      r.doc_no,
      r.title,
      r.source_level,
      SOURCE_LEVEL_NAMES[r.source_level],
      r.region_code,
      r.issued_on,
      String(r.year),
    ]),
  );
}
