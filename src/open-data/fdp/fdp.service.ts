import { Injectable } from '@nestjs/common';
import archiver from 'archiver';
import { PassThrough, Writable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { isRegionCode, levelOfCode } from '../../common/region-code';
import { regionFullName } from '../../notices/region-names';
import { writeChunk } from '../stream-write';
import { FUND_FIELDS, fdpDescriptor, TRANSACTION_FIELDS } from './fdp-descriptor';
import { csvLine, fdpRows, fundLines } from './fdp-rows';
import { ReadRouter } from '../../database/replicas/read-router';

/** Seqs per read of the county book. */
const WINDOW = 5000;

/** The Fiscal Data Package of a county-year as a zip: datapackage.json, transactions.csv, funds.csv. */
@Injectable()
export class FdpService {
  constructor(private readonly reads: ReadRouter) {}

  /** A replica when one can answer this read, else the primary (ReadRouter). */
  private get db(): DataSource {
    return this.reads.source();
  }

  /** Checks the request before the first byte (a 4xx stays a clean answer), then returns the writer. */
  async countyYear(regionCode: string, year: number): Promise<(out: Writable) => Promise<void>> {
    if (!isRegionCode(regionCode) || levelOfCode(regionCode) !== 'county')
      throw new DomainError(
        'VALIDATION_FAILED',
        `regionCode ${regionCode} is not a county: a Fiscal Data Package is per county book / 须为县级区划代码`,
      );
    const [region]: Array<{ name: string }> = await this.db.query(`SELECT name FROM region WHERE code = $1`, [
      regionCode,
    ]);
    if (!region) throw notFound('Region', regionCode);
    return (out) =>
      this.db.transaction('REPEATABLE READ', async (em) => {
        await em.query('SET TRANSACTION READ ONLY');
        await this.writeZip(em, regionCode, year, out);
      });
  }

  private async writeZip(em: EntityManager, county: string, year: number, out: Writable): Promise<void> {
    const zip = archiver('zip', { zlib: { level: 6 } });
    const transactions = new PassThrough();
    const finished = new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      out.on('error', reject);
      out.on('finish', resolve);
      // A client gone mid-download: stop the writer that waits on the zip, so the snapshot is let go.
      out.on('close', () => {
        if (out.writableFinished) return;
        transactions.destroy();
        zip.abort();
        reject(new Error('the receiver closed the stream'));
      });
    });
    finished.catch(() => undefined);
    zip.pipe(out);
    const name = await regionFullName(em, county);
    const descriptor = fdpDescriptor({ code: county, name }, year, new Date().toISOString());
    zip.append(`${JSON.stringify(descriptor, null, 2)}\n`, { name: 'datapackage.json' });

    zip.append(transactions, { name: 'transactions.csv' });
    await writeChunk(transactions, csvLine(TRANSACTION_FIELDS.map((f) => f.name)));
    const fundIds = new Set<string>();
    const [book]: Array<{ head: string }> = await em.query(
      `SELECT head_seq::text AS head FROM journal_book WHERE code = $1`,
      [county],
    );
    for (let after = 0; after < Number(book?.head ?? 0); after += WINDOW) {
      const rows = await fdpRows(em, county, year, after, after + WINDOW);
      if (rows.length) await writeChunk(transactions, rows.map((r) => csvLine(r.cells)).join(''));
      rows.forEach((r) => fundIds.add(r.fundId));
    }
    transactions.end();

    const funds = [csvLine(FUND_FIELDS.map((f) => f.name)), ...(await fundLines(em, [...fundIds]))].join('');
    zip.append(funds, { name: 'funds.csv' });
    await zip.finalize();
    await finished;
  }
}
