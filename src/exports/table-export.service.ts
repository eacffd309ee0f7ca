import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/role';
import { assertInScope } from '../auth/scope';
import { DomainError } from '../common/errors/domain-error';
import { subtreePrefix } from '../common/region-code';
import { streamSheet } from '../excel/export/sheet-writer';
import { XLSX_MIME } from '../excel/templates';
import { CSV_MIME, streamCsv } from './csv';
import type { TableExportQuery } from './dto/export-query.dto';
import { exportPeriod, Period, periodSuffix } from './export-period';
import { SnapshotReader } from './snapshot-reader';
import { paced, untilClosed } from './stream-output';
import { EXPORT_FORMATS, EXPORT_TABLES, ExportFormat, ExportTable, TABLE_NAMES } from './tables';
import { ReadRouter } from '../database/replicas/read-router';

/** A checked export request: what to write, and under which names. */
export interface TableExportPlan {
  table: ExportTable;
  format: ExportFormat;
  regionCode: string;
  period: Period;
  contentType: string;
  /** ASCII file name, and the Chinese one (RFC 5987). */
  fileName: string;
  title: string;
}

export interface WriteOptions {
  /** Called once with the number of rows the export will have (costs a count in the same snapshot). */
  onTotal?: (rows: number) => void;
  onRows?: (rows: number) => void;
}

const badFile = (file: string) =>
  new DomainError(
    'VALIDATION_FAILED',
    `Unknown export "${file}": use <table>.<format> with table one of ${TABLE_NAMES.join(', ')} and format ` +
      `${EXPORT_FORMATS.join(' or ')} / 不支持的导出表或格式`,
    { tables: TABLE_NAMES, formats: EXPORT_FORMATS },
  );

/** `payments.csv` → the table and the format, or 400 naming the allowed ones. */
export function parseExportFile(file: string): { table: ExportTable; format: ExportFormat } {
  const dot = file.lastIndexOf('.');
  const table = EXPORT_TABLES.get(file.slice(0, dot));
  const format = file.slice(dot + 1) as ExportFormat;
  if (dot < 0 || !table || !EXPORT_FORMATS.includes(format)) throw badFile(file);
  return { table, format };
}

/** Streamed tabular exports of a region's subtree and a period (docs/exports.md). */
@Injectable()
export class TableExportService {
  constructor(private readonly reads: ReadRouter) {}

  /** A replica when one can answer this read, else the primary (ReadRouter). */
  private get db(): DataSource {
    return this.reads.source();
  }

  /** Everything that can refuse a request, before a byte is written; `actor` null: the offline CLI. */
  plan(actor: Actor | null, file: string, q: TableExportQuery): TableExportPlan {
    const { table, format } = parseExportFile(file);
    const period = exportPeriod(q);
    const regionCode = q.regionCode ?? actor?.regionCode;
    if (!regionCode) throw new DomainError('VALIDATION_FAILED', 'regionCode is required / 须指定区划');
    if (actor) assertInScope(actor, regionCode);
    const name = `${regionCode}${periodSuffix(period)}.${format}`;
    return {
      table,
      format,
      regionCode,
      period,
      contentType: format === 'csv' ? CSV_MIME : XLSX_MIME,
      fileName: `${table.name}-${name}`,
      title: `${table.title}-${name}`,
    };
  }

  /** Writes the export into `out` (not ending it) from one snapshot; answers the number of rows. */
  async write(plan: TableExportPlan, out: Writable, options: WriteOptions = {}): Promise<number> {
    const { table, period } = plan;
    const params = [`${subtreePrefix(plan.regionCode)}%`, period.from, period.to];
    const reader = await SnapshotReader.open(this.db);
    try {
      if (options.onTotal) {
        const [{ n }] = await reader.query<{ n: string }>(`SELECT count(*) AS n FROM (${table.sql}) t`, params);
        options.onTotal(Number(n));
      }
      const batches = counted(reader.batches(table.sql, params), options.onRows);
      if (plan.format === 'csv') return await untilClosed(out, streamCsv(out, table.columns, batches));
      const sheet = streamSheet(out, table.title, table.columns, paced(out, batches), {
        counts: table.counts,
        totalLabel: table.totalLabel,
      });
      return await untilClosed(out, sheet);
    } finally {
      await reader.close();
    }
  }
}

async function* counted<T>(batches: AsyncIterable<T[]>, onRows?: (n: number) => void): AsyncIterable<T[]> {
  for await (const batch of batches) {
    yield batch;
    onRows?.(batch.length);
  }
}
