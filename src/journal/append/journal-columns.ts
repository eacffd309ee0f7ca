import { binaryArray, ElementType, ElementValue } from '../../database/binary-array';
import type { AccountRow, EntryRow } from './staged-rows';

/** A column of a journal table as the batch statements send it: one array parameter per column. */
export interface Column<R> {
  name: string;
  type: ElementType;
  value(row: R): ElementValue;
  select?: string;
}

const col = <R>(name: string, type: ElementType, value: (row: R) => ElementValue, select?: string): Column<R> => ({
  name,
  type,
  value,
  select,
});

export interface PostingRow {
  entry: EntryRow;
  idx: number;
}
export interface FundRow {
  fund: string;
  book: string;
  seq: number;
}
export interface HeadRow {
  code: string;
  seq: number;
  hash: Buffer;
}

/** The one list of the journal's columns: both batch statements (careful and cached) are built from it. */
export const JOURNAL_COLUMNS = {
  journal_entry: [
    col<EntryRow>('book', 'varchar', (r) => r.doc.book),
    col<EntryRow>('seq', 'int8', (r) => r.doc.seq),
    col<EntryRow>('type', 'text', (r) => r.doc.type),
    col<EntryRow>('occurred_on', 'date', (r) => r.doc.occurredOn),
    col<EntryRow>('recorded_at', 'timestamptz', (r) => r.doc.recordedAt),
    col<EntryRow>('actor', 'text', (r) => r.doc.actor),
    // A text[] array parameter cannot hold rows of different lengths, so each row's subjects travel as JSON.
    col<EntryRow>(
      'subjects',
      'jsonb',
      (r) => JSON.stringify(r.doc.subjects),
      'ARRAY(SELECT jsonb_array_elements_text(x.subjects))',
    ),
    col<EntryRow>('idempotency_key', 'text', (r) => r.idempotencyKey),
    col<EntryRow>('reverses_seq', 'int8', (r) => r.doc.reverses),
    col<EntryRow>('body', 'bytea', (r) => r.body),
    col<EntryRow>('prev_hash', 'bytea', (r) => r.prevHash),
    col<EntryRow>('hash', 'bytea', (r) => r.hash),
  ],
  journal_posting: [
    col<PostingRow>('book', 'varchar', (r) => r.entry.doc.book),
    col<PostingRow>('seq', 'int8', (r) => r.entry.doc.seq),
    col<PostingRow>('idx', 'int2', (r) => r.idx),
    col<PostingRow>('account', 'text', (r) => r.entry.doc.postings[r.idx].account),
    col<PostingRow>('fund_id', 'uuid', (r) => r.entry.doc.postings[r.idx].fund),
    col<PostingRow>('amount', 'int8', (r) => r.entry.doc.postings[r.idx].amount),
    col<PostingRow>('occurred_on', 'date', (r) => r.entry.doc.occurredOn),
  ],
  ledger_account: [
    col<AccountRow>('book', 'varchar', (a) => a.book),
    col<AccountRow>('account', 'text', (a) => a.account),
    col<AccountRow>('fund_id', 'uuid', (a) => a.fund),
    col<AccountRow>('balance', 'int8', (a) => a.balance),
    col<AccountRow>('non_negative', 'bool', (a) => a.nonNegative),
  ],
  ledger_fund: [
    col<FundRow>('fund_id', 'uuid', (f) => f.fund),
    col<FundRow>('book', 'varchar', (f) => f.book),
    col<FundRow>('created_seq', 'int8', (f) => f.seq),
  ],
  journal_book: [
    col<HeadRow>('code', 'varchar', (h) => h.code),
    col<HeadRow>('head_seq', 'int8', (h) => h.seq),
    col<HeadRow>('head_hash', 'bytea', (h) => h.hash),
  ],
};

/** Rows as one binary array per column, each row read once as it is added. */
class ColumnValues<R> {
  private readonly values: ElementValue[][];

  constructor(private readonly columns: readonly Column<R>[]) {
    this.values = columns.map(() => []);
  }

  add(row: R): void {
    for (let j = 0; j < this.columns.length; j++) this.values[j].push(this.columns[j].value(row));
  }

  arrays(): Buffer[] {
    return this.columns.map((c, j) => binaryArray(c.type, this.values[j]));
  }
}

/** One binary array per column of `columns`, in their order. */
export function columnArrays<R>(columns: readonly Column<R>[], rows: Iterable<R>): Buffer[] {
  const values = new ColumnValues(columns);
  for (const row of rows) values.add(row);
  return values.arrays();
}

/** The entries' postings as journal_posting's column arrays; one cursor per entry walks its postings. */
export function postingArrays(entries: readonly EntryRow[]): Buffer[] {
  const values = new ColumnValues(JOURNAL_COLUMNS.journal_posting);
  for (const entry of entries) {
    const at: PostingRow = { entry, idx: 0 };
    for (; at.idx < entry.doc.postings.length; at.idx++) values.add(at);
  }
  return values.arrays();
}
