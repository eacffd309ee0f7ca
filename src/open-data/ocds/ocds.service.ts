import { Inject, Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { appConfig, AppConfig } from '../../config/app.config';
import { writeChunk } from '../stream-write';
import { compileRelease } from './compile-release';
import { ocidOf, OcdsSettings } from './ocds-context';
import { OcdsLookups, projectEntries, ReadEntry, RegionCursor, regionExists, RegionPeriod } from './ocds-reads';
import { OCDS_EXTENSIONS, OCDS_VERSION, Release } from './ocds-types';
import { releaseOf } from './release-mapping';
import { ReadRouter } from '../../database/replicas/read-router';

const PUBLISHER = { name: '阳光台账 Sunshine Ledger' };
/** Seqs per read of a release package: enough to amortise the round trip, little in memory. */
const WINDOW = 2000;

/** OCDS 1.1.5 record and release packages of public projects (docs/open-data.md has the mapping). */
@Injectable()
export class OcdsService {
  private readonly settings: OcdsSettings;

  constructor(
    private readonly reads: ReadRouter,
    @Inject(appConfig.KEY) config: AppConfig,
  ) {
    this.settings = { ocidPrefix: config.ocdsOcidPrefix, publicBaseUrl: config.publicBaseUrl };
  }

  /** A replica when one can answer this read, else the primary (ReadRouter). */
  private get db(): DataSource {
    return this.reads.source();
  }

  private packageHead(path: string, publishedDate: string) {
    return {
      uri: `${this.settings.publicBaseUrl}/api/v1/open-data/ocds/${path}`,
      version: OCDS_VERSION,
      extensions: OCDS_EXTENSIONS,
      publisher: PUBLISHER,
      publishedDate,
    };
  }

  private releasesOf(batch: ReadEntry[], lookups: OcdsLookups): Release[] {
    return batch.map((r) => releaseOf(r.entry, lookups.project(r.project), this.settings, lookups));
  }

  /** The record of one public project: all its releases and the compiled release. */
  async recordPackage(projectId: string) {
    return inSnapshot(this.db, async (em) => {
      const entries = await projectEntries(em, projectId);
      if (!entries.length) throw notFound('Public project', projectId);
      const lookups = new OcdsLookups(em);
      await lookups.prepare(entries);
      const releases = this.releasesOf(entries, lookups);
      const compiledRelease = compileRelease(releases);
      return {
        ...this.packageHead(`records/${projectId}`, compiledRelease.date),
        records: [{ ocid: ocidOf(this.settings.ocidPrefix, projectId), releases, compiledRelease }],
      };
    });
  }

  /**
   * Checks the request and reads the first batch, so that an unknown region or an empty answer is a clean 404;
   * `write` then streams the package batch by batch from the same snapshot.
   */
  async releasePackage(q: RegionPeriod, query: string): Promise<(out: Writable) => Promise<number>> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('SET TRANSACTION READ ONLY');
      const em = runner.manager;
      if (!(await regionExists(em, q.regionCode))) throw notFound('Region', q.regionCode);
      const cursor = new RegionCursor(em, q, WINDOW);
      const first = await cursor.next();
      if (!first)
        throw new DomainError(
          'NOT_FOUND',
          `No public releases in ${q.regionCode} from ${q.from} to ${q.to} / 该地区该期间没有公开的项目记录`,
        );
      const head = JSON.stringify(this.packageHead(`releases?${query}`, new Date().toISOString()));
      return async (out) => {
        try {
          return await this.streamReleases(em, cursor, first, head, out);
        } finally {
          await runner.commitTransaction().catch(() => undefined);
          await runner.release();
        }
      };
    } catch (err) {
      await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
      throw err;
    }
  }

  private async streamReleases(
    em: EntityManager,
    cursor: RegionCursor,
    first: ReadEntry[],
    head: string,
    out: Writable,
  ): Promise<number> {
    const lookups = new OcdsLookups(em);
    await writeChunk(out, `${head.slice(0, -1)},"releases":[`);
    let batch: ReadEntry[] | null = first;
    let count = 0;
    while (batch) {
      await lookups.prepare(batch);
      const text = this.releasesOf(batch, lookups)
        .map((r) => JSON.stringify(r))
        .join(',');
      await writeChunk(out, count ? `,${text}` : text);
      count += batch.length;
      batch = await cursor.next();
    }
    await writeChunk(out, ']}');
    return count;
  }
}

function inSnapshot<T>(db: DataSource, read: (em: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction('REPEATABLE READ', async (em) => {
    await em.query('SET TRANSACTION READ ONLY');
    return read(em);
  });
}
