import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inAuditSnapshot } from '../audit-snapshot';
import type { Actor } from '../../auth/role';
import { assertInScope } from '../../auth/scope';
import type { ReconcileDto } from './dto/reconcile.dto';
import { reconcile } from './reconcile';
import { ReadRouter } from '../../database/replicas/read-router';

/** 对账: the identities of a region's books, from the postings, against the projection tables. */
@Injectable()
export class ReconcileService {
  constructor(private readonly reads: ReadRouter) {}

  /** A replica when one can answer this read, else the primary (ReadRouter). */
  private get db(): DataSource {
    return this.reads.source();
  }

  async reconcile(
    actor: Actor,
    regionCode = actor.regionCode,
    year?: number,
    show: 'all' | 'failed' = 'all',
  ): Promise<ReconcileDto> {
    assertInScope(actor, regionCode);
    // One snapshot: the postings and the projections must be read as of the same moment.
    const identities = await inAuditSnapshot(this.db, (em) => reconcile(em, regionCode, year ?? null));
    const failed = identities.filter((i) => !i.ok).length;
    return {
      regionCode,
      year: year ?? null,
      ok: failed === 0,
      checked: identities.length,
      failed,
      identities: show === 'failed' ? identities.filter((i) => !i.ok) : identities,
    };
  }
}
