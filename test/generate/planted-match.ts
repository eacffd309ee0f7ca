import type { PlantedCase } from '../../src/generate/plant';
import type { FindingItem } from '../audit/audit-fixtures';

type Query = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** The (book, seq) of entries, as `book/seq` strings. */
const refs = (rows: Array<Record<string, unknown>>) => new Set(rows.map((r) => `${r.book}/${r.seq}`));
const cites = (f: FindingItem, entries: Set<string>) => f.evidence.some((e) => entries.has(`${e.book}/${e.seq}`));

/**
 * Whether one of a rule's findings is about a planted case. Where the finding's subject is of the manifest's
 * kind, by id. Otherwise the manifest names what was planted and the rule reports what it sees:
 * - a distribution (未优先无劳动能力户) is reported on its asset;
 * - a project planted for a payee rule (化整为零, 一户多名) is reported on the payee: the finding must cite one of
 *   the project's payments;
 * - a payee account (`payee:<key>`, 收款集中) is reported by its key;
 * - a drifted payment row (对账不平) is reported on its project (or its book).
 */
export async function plantedFound(q: Query, c: PlantedCase, findings: FindingItem[]): Promise<boolean> {
  if (findings.some((f) => f.subject.type === c.subjectType && f.subject.id === c.id)) return true;
  switch (c.subjectType) {
    case 'distribution': {
      const [d] = await q(`SELECT asset_id::text AS id FROM asset_distribution WHERE distribution_id::text = $1`, [
        c.id,
      ]);
      return !!d && findings.some((f) => f.subject.type === 'asset' && f.subject.id === d.id);
    }
    case 'project': {
      const paid = refs(await q(`SELECT book, entry_seq AS seq FROM disbursement WHERE project_id::text = $1`, [c.id]));
      return findings.some((f) => f.subject.type === 'payee' && cites(f, paid));
    }
    case 'payee':
      return findings.some((f) => f.subject.type === 'payee' && `payee:${f.subject.id}` === c.id);
    case 'disbursement': {
      const [d] = await q(`SELECT project_id::text AS id, book FROM disbursement WHERE id::text = $1`, [c.id]);
      return !!d && findings.some((f) => f.subject.id === d.id || f.subject.id === d.book);
    }
    default:
      return false;
  }
}
