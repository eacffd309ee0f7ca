import type { ExportColumn } from '../../excel/export/sheet-writer';

/**
 * One exportable table (bigint values are fen). The query takes `$1` the region LIKE pattern, `$2`/`$3` the period's
 * first and last day (NULL = open), and orders by a unique key, so two exports of one snapshot are byte for byte equal.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds tables of different row types
export interface ExportTable<R = any> {
  name: string;
  /** Chinese name: the sheet's and the downloaded file's. */
  title: string;
  columns: ExportColumn<R>[];
  sql: string;
  /** Rows left out of the xlsx 合计 (reversed ones). */
  counts?: (row: R) => boolean;
  totalLabel?: string;
}

const fen = (text: string | null) => (text === null ? null : BigInt(text));

/** A money column from an amount the query gives as text of integer fen. */
export const money = <T>(header: string, value: (r: T) => string | null, width = 16): ExportColumn<T> => ({
  header,
  width,
  money: true,
  value: (r) => fen(value(r)),
});

/** The period condition on a date column, the same in every table. */
export const inPeriod = (column: string) =>
  `($2::date IS NULL OR ${column} >= $2::date) AND ($3::date IS NULL OR ${column} <= $3::date)`;

/** `****1234`: the last four digits of a bank account, cut in SQL so the full number is never read. */
export const accountLast4 = (column: string) => `right(regexp_replace(${column}, '\\s', '', 'g'), 4)`;
export const maskedAccount = (last4: string | null) => (last4 ? `****${last4}` : null);
