import type { DataSource } from 'typeorm';
import type { PlantedCase } from './plant';

/**
 * The integrity cases no service would write, planted as they happen — someone edits the database: a posting (the
 * chain no longer verifies) and a projection's amount (reconciliation no longer matches). Both in the last county, so
 * every other book verifies; both set values computed from the journal, so a resumed run leaves them as they are.
 */
export async function tamper(db: DataSource, book: string): Promise<Record<string, PlantedCase[]>> {
  // The book's first payment drifts; the payment in the middle of the book has a posting edited.
  const [drifted]: Array<{ id: string; project_id: string; entry_seq: string }> = await db.query(
    `SELECT id, project_id, entry_seq FROM disbursement
      WHERE book = $1 AND reversed_seq IS NULL ORDER BY entry_seq LIMIT 1`,
    [book],
  );
  await db.query(
    `UPDATE disbursement SET amount = 100 + (SELECT sum(amount) FROM journal_posting
                                               WHERE book = $1 AND seq = $2 AND account LIKE 'payee:%')
      WHERE id = $3`,
    [book, drifted.entry_seq, drifted.id],
  );
  const seq: number = await db.transaction(async (em) => {
    const [{ seq }]: Array<{ seq: string }> = await em.query(
      `SELECT min(seq) AS seq FROM journal_entry
        WHERE book = $1 AND type = 'disbursement.paid'
          AND seq > (SELECT max(seq) / 2 FROM journal_entry WHERE book = $1)`,
      [book],
    );
    // The journal's triggers refuse every UPDATE; the tamperer is a superuser who turns them off for a moment.
    await em.query(`SET LOCAL session_replication_role = replica`);
    // An entry's postings sum to zero: the first one is set to 1.00 more than the others make it.
    await em.query(
      `UPDATE journal_posting
          SET amount = 100 - (SELECT sum(amount) FROM journal_posting WHERE book = $1 AND seq = $2 AND idx > 0)
        WHERE book = $1 AND seq = $2 AND idx = 0`,
      [book, seq],
    );
    return Number(seq);
  });
  // A witness that saw another history of this book refuses its checkpoint at the head; at the last entry's
  // business date (noon, China time), so a resumed run writes the same row again and the conflict keeps one.
  await db.query(
    `INSERT INTO witness_refusal (book, witness, refused_at, tree_size, http_status, reason)
     SELECT book, 'audit.generated.example/w1', (occurred_on + time '12:00') AT TIME ZONE 'Asia/Shanghai', seq, 422,
            'planted: the consistency proof from the cosigned size does not verify'
       FROM journal_entry WHERE book = $1::varchar ORDER BY seq DESC LIMIT 1
     ON CONFLICT DO NOTHING`,
    [book],
  );
  return {
    book_fails_verification: [
      { subjectType: 'book', id: book, book, note: `the first posting of entry ${book}/${seq} edited by +1.00` },
    ],
    witness_refused: [{ subjectType: 'book', id: book, book, note: 'a witness refused the head checkpoint (422)' }],
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
