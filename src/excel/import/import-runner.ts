import { DataSource } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';

export type ImportPhase = 'validate' | 'write';
/** Progress of a long import, for the CLI's bar. */
export type ProgressListener = (phase: ImportPhase, done: number, total: number) => void;

export interface ImportResult {
  count: number;
  /** Ids of the created records, in row order. */
  ids: string[];
}

/** Distinct from the migration lock's key; the second key is the book. */
const IMPORT_LOCK_CLASS = 0x51_4c_58; // "SLX"
/** Appends in flight at once: enough for the journal's group commit to fill its batches. */
const WRITE_WINDOW = 64;

/**
 * Runs `work` holding a session advisory lock per book, so that two imports into one book are
 * serialised: the second one's checks against the database see the first one's rows. A second
 * import arriving meanwhile is told to retry rather than left waiting on an HTTP request.
 */
export async function withImportLocks<T>(db: DataSource, books: string[], work: () => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  const held: string[] = [];
  try {
    for (const book of [...new Set(books)].sort()) {
      const [{ locked }]: Array<{ locked: boolean }> = await runner.query('SELECT pg_try_advisory_lock($1, $2::int) AS locked', [IMPORT_LOCK_CLASS, Number(book.slice(0, 6))]);
      if (!locked) throw new DomainError('CONFLICT', `Another import into book ${book} is running; try again when it has finished / 该账套正在导入,请稍后重试`);
      held.push(book);
    }
    return await work();
  } finally {
    for (const book of held) await runner.query('SELECT pg_advisory_unlock($1, $2::int)', [IMPORT_LOCK_CLASS, Number(book.slice(0, 6))]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * Writes every validated row through its feature service, keeping up to WRITE_WINDOW appends in
 * flight (the journal batches them into few transactions). Rows were checked in full beforehand
 * under the import lock; should one fail anyway — only a concurrent single-record POST of the same
 * document number or ID number in the last milliseconds can do that — nothing more is started and
 * the error says exactly which rows were written, so the clerk can remove them and re-import.
 */
export async function writeAll<R extends { row: number }>(rows: R[], write: (r: R) => Promise<string>, progress?: ProgressListener): Promise<ImportResult> {
  const ids: string[] = new Array<string>(rows.length);
  let next = 0;
  let done = 0;
  let failure: { row: number; err: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < rows.length) {
      const i = next++;
      try {
        ids[i] = await write(rows[i]);
        progress?.('write', ++done, rows.length);
      } catch (err) {
        failure ??= { row: rows[i].row, err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_WINDOW, rows.length) }, worker));
  if (failure) {
    const written = rows.flatMap((r, i) => (ids[i] ? [{ row: r.row, id: ids[i] }] : []));
    const cause = failure.err instanceof DomainError ? { code: failure.err.code, message: failure.err.message } : { code: 'INTERNAL', message: 'unexpected error' };
    throw new DomainError(
      'CONFLICT',
      `Row ${failure.row} was refused while writing (${cause.message}); ${written.length} of ${rows.length} rows had been written and stay — remove them from the file before importing it again / 第 ${failure.row} 行写入失败`,
      { row: failure.row, cause, written },
    );
  }
  return { count: rows.length, ids };
}
