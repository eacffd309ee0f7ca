import type { DataSource } from 'typeorm';
import type { PlantedCase } from './plant';

/**
 * The two integrity cases, which no service would ever write, planted the way they happen: someone edits the
 * database. A posting of one entry changes (the chain of that book no longer verifies), and a payment's amount in
 * the projection drifts by one yuan (the reconciliation from the postings no longer matches it). Both in one county
 * written for the purpose, so every other book verifies and the replay check differs in that one row only.
 */
export async function tamper(db: DataSource, book: string): Promise<Record<string, PlantedCase[]>> {
  // UPDATE … RETURNING answers [rows, count] through TypeORM.
  const [[drifted]]: [Array<{ id: string; project_id: string }>, number] = await db.query(
    `UPDATE disbursement SET amount = amount + 100
      WHERE id = (SELECT id FROM disbursement WHERE book = $1 AND reversed_seq IS NULL ORDER BY entry_seq LIMIT 1)
      RETURNING id, project_id`,
    [book],
  );
  const seq: number = await db.transaction(async (em) => {
    // The journal's triggers refuse every UPDATE; the tamperer is a superuser who turns them off for a moment.
    await em.query(`SET LOCAL session_replication_role = replica`);
    const [[row]]: [Array<{ seq: string }>, number] = await em.query(
      `UPDATE journal_posting SET amount = amount + 100
        WHERE (book, seq, idx) = (SELECT book, seq, idx FROM journal_posting WHERE book = $1 AND amount > 0
                                   ORDER BY seq OFFSET (SELECT count(*) / 2 FROM journal_posting WHERE book = $1) LIMIT 1)
        RETURNING seq`,
      [book],
    );
    return Number(row.seq);
  });
  return {
    book_fails_verification: [
      { subjectType: 'book', id: book, book, note: `a posting of entry ${book}/${seq} edited by +1.00` },
    ],
    reconciliation_failed: [
      {
        subjectType: 'disbursement',
        id: drifted.id,
        book,
        note: `projection amount +1.00 (project ${drifted.project_id})`,
      },
    ],
  };
}
