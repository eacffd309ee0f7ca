import type { EntityManager } from 'typeorm';
import type { EntryDocument } from '../../journal/chain/entry-document';
import { bookOfRegion, levelOfCode, subtreePrefix } from '../../common/region-code';
import type { SourceLevel } from '../../funds/fund.entity';
import { regionFullNames } from '../../notices/region-names';
import type { OcdsEntry, OcdsFund, OcdsProject } from './ocds-context';
import { OCDS_ENTRY_TYPES } from './release-mapping';

interface EntryRow {
  book: string;
  seq: string;
  type: string;
  occurred_on: string;
  recorded_at: Date;
  /** The canonical bytes as text: node-pg decodes hex bytea far slower than it reads text. */
  body: string;
  payment_id: string | null;
  payment_amount: string | null;
  payee_type: string | null;
  payee_name: string | null;
  payee_key: string | null;
  project_id: string;
  project_book: string;
  region_code: string;
  name: string;
  content: string;
  implementing_unit: string;
  started_on: string | null;
}

/**
 * Entries about public projects: a project is public once approved (审批), and stays so when cancelled or failed
 * later; applied, reviewed and rejected ones are not. The payment a payment or reversal entry is about comes
 * from the disbursement projection (its payee's type, and name for organisations only).
 */
const ENTRY_SELECT = `
  SELECT e.book, e.seq::text AS seq, e.type, e.occurred_on::text AS occurred_on, e.recorded_at,
         convert_from(e.body, 'UTF8') AS body,
         d.id AS payment_id, d.amount::text AS payment_amount, d.payee_type, d.payee_name, d.payee_key,
         p.id AS project_id, p.book AS project_book, p.region_code, p.name, p.content, p.implementing_unit,
         p.started_on::text AS started_on
    FROM journal_entry e
    JOIN project p
      ON p.id = (SELECT substr(s, 9)::uuid FROM unnest(e.subjects) s WHERE s LIKE 'project:%' LIMIT 1)
     AND p.approved_on IS NOT NULL
    LEFT JOIN LATERAL (
      SELECT d.id, d.amount, d.payee_type, d.payee_name, d.payee_key FROM disbursement d
       WHERE e.type IN ('disbursement.paid', 'entry.reversed') AND d.project_id = p.id
         AND (d.entry_seq = e.seq OR d.reversed_seq = e.seq)
       LIMIT 1) d ON true`;

export interface ReadEntry {
  entry: OcdsEntry;
  project: Omit<OcdsProject, 'regionName' | 'countyName'>;
}

function toRead(row: EntryRow): ReadEntry {
  const doc = JSON.parse(row.body) as EntryDocument;
  return {
    entry: {
      book: row.book,
      seq: Number(row.seq),
      type: row.type,
      occurredOn: row.occurred_on,
      recordedAt: row.recorded_at,
      payload: doc.payload,
      postings: doc.postings,
      payment: row.payment_id
        ? {
            id: row.payment_id,
            amount: BigInt(row.payment_amount!),
            payeeType: row.payee_type!,
            payeeName: row.payee_name,
            payeeKey: row.payee_key!,
          }
        : null,
    },
    project: {
      id: row.project_id,
      book: row.project_book,
      regionCode: row.region_code,
      name: row.name,
      content: row.content,
      implementingUnit: row.implementing_unit,
      startedOn: row.started_on,
    },
  };
}

/** Every OCDS entry of one public project, in the order written. Empty: unknown or not public. */
export async function projectEntries(em: EntityManager, projectId: string): Promise<ReadEntry[]> {
  const rows: EntryRow[] = await em.query(
    `${ENTRY_SELECT}
      WHERE e.book = (SELECT book FROM project WHERE id = $1) AND e.subjects @> ARRAY['project:' || $1::text]
        AND e.type = ANY($2)
      ORDER BY e.seq`,
    [projectId, OCDS_ENTRY_TYPES],
  );
  return rows.map(toRead);
}

export interface RegionPeriod {
  regionCode: string;
  from: string;
  to: string;
}

/** The books holding a region's projects, as a range of codes (`book LIKE` would not use the key). */
function bookRange(regionCode: string): [string, string] {
  const level = levelOfCode(regionCode);
  if (level === 'county' || level === 'township' || level === 'village') {
    const book = bookOfRegion(regionCode);
    return [book, book];
  }
  const prefix = subtreePrefix(regionCode);
  return [prefix.padEnd(12, '0'), prefix.padEnd(12, '9')];
}

/**
 * A region's entries book by book, in windows of `window` seqs: each read is a range of the primary key, so its
 * cost is the window's whatever the planner estimates (a LIMIT over the filters let it pick a full scan and a
 * sort per batch), and memory holds one window.
 */
export class RegionCursor {
  private books: Array<{ code: string; head: number }> | undefined;
  private book = 0;
  private after = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly q: RegionPeriod,
    private readonly window: number,
  ) {}

  /** The next non-empty window of entries, or null at the end. */
  async next(): Promise<ReadEntry[] | null> {
    const [lo, hi] = bookRange(this.q.regionCode);
    const books: Array<{ code: string; head: number }> = (this.books ??= (
      await this.em.query(
        `SELECT code, head_seq::text AS head FROM journal_book WHERE code BETWEEN $1 AND $2 ORDER BY code`,
        [lo, hi],
      )
    ).map((b: { code: string; head: string }) => ({ code: b.code, head: Number(b.head) })));
    while (this.book < books.length) {
      const { code, head } = books[this.book];
      if (this.after >= head) {
        this.book++;
        this.after = 0;
        continue;
      }
      const from = this.after;
      this.after += this.window;
      const rows: EntryRow[] = await this.em.query(
        `${ENTRY_SELECT}
          WHERE e.book = $1 AND e.seq > $2 AND e.seq <= $3
            AND e.type = ANY($4) AND e.occurred_on BETWEEN $5 AND $6 AND p.region_code LIKE $7
          ORDER BY e.seq`,
        [code, from, this.after, OCDS_ENTRY_TYPES, this.q.from, this.q.to, `${subtreePrefix(this.q.regionCode)}%`],
      );
      if (rows.length) return rows.map(toRead);
    }
    return null;
  }
}

/** Names and fund documents, cached for one package (a province has thousands, not millions, of each). */
export class OcdsLookups {
  readonly funds = new Map<string, OcdsFund>();
  private readonly names = new Map<string, string>();

  constructor(private readonly em: EntityManager) {}

  /** Loads what a batch of entries needs: region names of the projects and counties, approved funds. */
  async prepare(batch: ReadEntry[]): Promise<void> {
    const codes = new Set<string>();
    const fundIds = new Set<string>();
    for (const { entry, project } of batch) {
      for (const code of [project.regionCode, project.book]) if (!this.names.has(code)) codes.add(code);
      if (entry.type !== 'project.approved') continue;
      for (const f of (entry.payload.funding as Array<{ fundId: string }>) ?? [])
        if (!this.funds.has(f.fundId)) fundIds.add(f.fundId);
    }
    if (codes.size) for (const [code, name] of await regionFullNames(this.em, [...codes])) this.names.set(code, name);
    if (fundIds.size) {
      const rows: Array<{ id: string; doc_no: string; title: string; source_level: SourceLevel }> = await this.em.query(
        `SELECT id, doc_no, title, source_level FROM fund WHERE id = ANY($1)`,
        [[...fundIds]],
      );
      for (const r of rows) this.funds.set(r.id, { docNo: r.doc_no, title: r.title, sourceLevel: r.source_level });
    }
  }

  project(read: ReadEntry['project']): OcdsProject {
    return {
      ...read,
      regionName: this.names.get(read.regionCode) ?? read.regionCode,
      countyName: this.names.get(read.book) ?? read.book,
    };
  }
}

/** Whether a region code is known (the public routes answer 404 for an unknown one). */
export async function regionExists(em: EntityManager, code: string): Promise<boolean> {
  const rows: unknown[] = await em.query(`SELECT 1 FROM region WHERE code = $1`, [code]);
  return rows.length > 0;
}
