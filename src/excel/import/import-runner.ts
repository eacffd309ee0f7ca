import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/role';
import { assertInScope } from '../../auth/scope';
import { DomainError } from '../../common/errors/domain-error';
import { bookOfRegion } from '../../common/region-code';
import { ImportReport } from './import-report';
import { ColumnSpec, loadWorkbook, ParsedSheet, readSheet } from './sheet-reader';

export type ImportPhase = 'validate' | 'write';
/** Progress of a long import, for the CLI's bar. */
export type ProgressListener = (phase: ImportPhase, done: number, total: number) => void;

export interface ImportResult {
  count: number;
  ids: string[];
}

export interface ImportOptions {
  /** Region for rows whose 区划代码 is empty; default the caller's region. */
  regionCode?: string;
  progress?: ProgressListener;
}

/** What one kind of import (funds, households) brings to the common flow of runImport. */
export interface ImportPlan<K extends string, R extends { row: number; dto: { regionCode: string } }> {
  columns: ColumnSpec<K>[];
  /** Each row through the DTO's own rules; bad rows go to the report. */
  rowsOf(sheet: ParsedSheet<K>, defaultRegion: string, report: ImportReport): Promise<R[]>;
  /** Checks that need the whole file or the database (duplicates, scope, regions). */
  check(sheet: ParsedSheet<K>, rows: R[], report: ImportReport): Promise<void>;
  /** Writes one row through its feature service with the row's idempotency key; answers the record's id. */
  write(row: R, idempotencyKey: string): Promise<string>;
}

/**
 * Each row's idempotency key: the caller, the file's SHA-256 and the row. The same file uploaded again by the same
 * caller — a double click, a retry after a crash that cut an import short — replays the rows already written and
 * writes only the rest, so every row lands once; any other file naming a recorded 文号 or ID number is refused.
 */
const rowKeys = (actor: Actor, file: Buffer, rows: Array<{ row: number }>): string[] => {
  const fileKey = createHash('sha256').update(file).digest('hex').slice(0, 32);
  return rows.map((r) => `${actor.userId}|xlsx:${fileKey}:${r.row}`);
};

/** The rows of this file already in the journal (their keys found in their books). */
async function writtenRows(db: DataSource, books: string[], keys: string[]): Promise<Set<string>> {
  const found: Array<{ key: string }> = await db.query(
    `SELECT idempotency_key AS key FROM journal_entry
      WHERE (book, idempotency_key) IN (SELECT * FROM unnest($1::varchar[], $2::text[]))`,
    [books, keys],
  );
  return new Set(found.map((f) => f.key));
}

/** All rows or none: check every row, then under the books' import locks check against the database and write. */
export async function runImport<K extends string, R extends { row: number; dto: { regionCode: string } }>(
  db: DataSource,
  actor: Actor,
  file: Buffer | undefined,
  opts: ImportOptions,
  plan: ImportPlan<K, R>,
): Promise<ImportResult> {
  if (opts.regionCode) assertInScope(actor, opts.regionCode);
  const sheet = readSheet(await loadWorkbook(file), plan.columns);
  const report = new ImportReport();
  const rows = await plan.rowsOf(sheet, opts.regionCode ?? actor.regionCode, report);
  opts.progress?.('validate', sheet.rows.length, sheet.rows.length);
  if (!report.ok) {
    // Report the database problems of the other rows too: the clerk fixes the file once.
    await plan.check(sheet, rows, report);
    throw report.rejection(sheet.rows.length);
  }
  const books = rows.map((r) => bookOfRegion(r.dto.regionCode));
  const keys = rowKeys(actor, file!, rows);
  return withImportLocks(db, books, async () => {
    // Rows this file already wrote were checked when they were written; checked again they would be duplicates.
    const written = await writtenRows(db, books, keys);
    await plan.check(
      sheet,
      rows.filter((_, i) => !written.has(keys[i])),
      report,
    );
    if (!report.ok) throw report.rejection(sheet.rows.length);
    const keyOf = new Map(rows.map((r, i) => [r, keys[i]]));
    return writeAll(rows, (r) => plan.write(r, keyOf.get(r)!), opts.progress);
  });
}

/** Distinct from the migration lock's key; the second key is the book. */
const IMPORT_LOCK_CLASS = 0x51_4c_58; // "SLX"
/** Appends in flight at once: enough for the journal's group commit to fill its batches. */
const WRITE_WINDOW = 64;

/**
 * Holds a session advisory lock per book, so a second import's database checks see the first one's
 * rows; one arriving meanwhile is told to retry rather than left waiting on an HTTP request.
 */
export async function withImportLocks<T>(db: DataSource, books: string[], work: () => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  const held: string[] = [];
  try {
    for (const book of [...new Set(books)].sort()) {
      const [{ locked }]: Array<{ locked: boolean }> = await runner.query(
        'SELECT pg_try_advisory_lock($1, $2::int) AS locked',
        [IMPORT_LOCK_CLASS, Number(book.slice(0, 6))],
      );
      if (!locked)
        throw new DomainError(
          'CONFLICT',
          `Another import into book ${book} is running; try again when it has finished / 该账套正在导入,请稍后重试`,
        );
      held.push(book);
    }
    return await work();
  } finally {
    for (const book of held)
      await runner
        .query('SELECT pg_advisory_unlock($1, $2::int)', [IMPORT_LOCK_CLASS, Number(book.slice(0, 6))])
        .catch(() => undefined);
    await runner.release();
  }
}

/**
 * Writes the checked rows, up to WRITE_WINDOW appends in flight. Only a concurrent single POST of the
 * same number can still fail one: then nothing more starts, and the error lists the rows written.
 */
export async function writeAll<R extends { row: number }>(
  rows: R[],
  write: (r: R) => Promise<string>,
  progress?: ProgressListener,
): Promise<ImportResult> {
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
  // The database gone (a crash, a restart) is no refusal of the row: it answers as itself (5xx), and the same file
  // sent again completes the import (rowKeys).
  if (failure) {
    const { err } = failure;
    if (!(err instanceof DomainError)) throw err;
    const written = rows.flatMap((r, i) => (ids[i] ? [{ row: r.row, id: ids[i] }] : []));
    const cause = { code: err.code, message: err.message };
    throw new DomainError(
      'CONFLICT',
      `Row ${failure.row} was refused while writing (${cause.message}); ` +
        `${written.length} of ${rows.length} rows had been written and stay — ` +
        `remove them from the file before importing it again / 第 ${failure.row} 行写入失败`,
      { row: failure.row, cause, written },
    );
  }
  return { count: rows.length, ids };
}
