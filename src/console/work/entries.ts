import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EntryRef } from '../views/form.view';

/**
 * The journal entry a write just made, for the result page (账簿/序号). The services answer the
 * record, not the entry; the newest entry of the type about the subject is the one (the book's lock
 * orders entries, and a page shows the user's own write right after it).
 */
@Injectable()
export class JournalRefs {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async latest(subject: string, type: string): Promise<EntryRef | undefined> {
    const rows: Array<{ book: string; seq: string }> = await this.db.query(
      `SELECT book, seq::text FROM journal_entry WHERE subjects @> ARRAY[$1]::text[] AND type = $2
        ORDER BY recorded_at DESC, seq DESC LIMIT 1`,
      [subject, type],
    );
    return rows[0] && { book: rows[0].book, seq: rows[0].seq };
  }

  /** The first and last entries of a type about any of the subjects (an import writes one per row). */
  async range(subjects: string[], type: string): Promise<{ book: string; first: string; last: string } | undefined> {
    if (!subjects.length) return undefined;
    const rows: Array<{ book: string; first: string; last: string }> = await this.db.query(
      `SELECT book, MIN(seq)::text AS first, MAX(seq)::text AS last FROM journal_entry
        WHERE subjects && $1::text[] AND type = $2 GROUP BY book ORDER BY book LIMIT 1`,
      [subjects, type],
    );
    return rows[0];
  }
}
