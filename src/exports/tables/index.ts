import { ASSETS, DISTRIBUTIONS, INCOME } from './asset-tables';
import type { ExportTable } from './export-table';
import { ENTRIES, POSTINGS } from './ledger-tables';
import { ALLOCATIONS, FUNDS, PAYMENTS, PROJECTS } from './money-tables';

export type { ExportTable } from './export-table';

const TABLES: ExportTable[] = [
  ENTRIES,
  POSTINGS,
  FUNDS,
  ALLOCATIONS,
  PROJECTS,
  PAYMENTS,
  ASSETS,
  INCOME,
  DISTRIBUTIONS,
];

export const EXPORT_TABLES: ReadonlyMap<string, ExportTable> = new Map([
  ...TABLES.map((t): [string, ExportTable] => [t.name, t]),
  // API.md's name for the payments table; the older .xlsx route used it.
  ['disbursements', PAYMENTS],
]);
export const TABLE_NAMES = TABLES.map((t) => t.name);
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
