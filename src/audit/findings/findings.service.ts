import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inAuditSnapshot } from '../audit-snapshot';
import type { Actor } from '../../auth/role';
import { assertInScope } from '../../auth/scope';
import { businessToday } from '../../common/business-date';
import { yuanToFen } from '../../common/money';
import { appConfig, type AppConfig } from '../../config/app.config';
import { SigningKeyService } from '../../journal/checkpoints/signing-key.service';
import { connectionStringOf } from '../../journal/verify/chain-verifier';
import type { FindingsDto, FindingsQuery } from './dto/findings.dto';
import { type Finding, SEVERITIES } from './finding';
import { failingBooks } from './book-verification';
import { ALL_RULES } from './rules';
import { ReadRouter } from '../../database/replicas/read-router';

const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);
const fen = (f: Finding) => (f.amount === undefined ? -1n : yuanToFen(f.amount));

/** Most severe first, then the largest amount, then by rule and subject so the order is stable. */
export function byImportance(a: Finding, b: Finding): number {
  const [x, y] = [fen(a), fen(b)];
  return (
    rank(a) - rank(b) ||
    (x === y ? 0 : x > y ? -1 : 1) ||
    a.rule.localeCompare(b.rule) ||
    a.subject.id.localeCompare(b.subject.id)
  );
}

/** 审计疑点: runs the rules over a region's subtree as of the end of a day; reads only. */
@Injectable()
export class FindingsService {
  constructor(
    private readonly reads: ReadRouter,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly key: SigningKeyService,
  ) {}

  /** A replica when one can answer this read, else the primary (ReadRouter). */
  private get db(): DataSource {
    return this.reads.source();
  }

  async findings(actor: Actor, q: FindingsQuery): Promise<FindingsDto> {
    const regionCode = q.regionCode ?? actor.regionCode;
    assertInScope(actor, regionCode);
    const asOf = q.asOf ?? businessToday();
    const rules = q.rule ? ALL_RULES.filter((r) => r.code === q.rule) : ALL_RULES;
    const verify = { publicKey: this.key.publicKey, connectionString: connectionStringOf(this.db) };
    // Verification reads on its own connections, so it runs while the snapshot's rules run.
    const failing = rules.some((r) => r.code === 'book_fails_verification')
      ? failingBooks(this.db, regionCode, this.config.audit.verifyCacheMinutes, verify)
      : undefined;
    failing?.catch(() => undefined); // awaited by its rule; a snapshot that fails first must not leave it unhandled
    const context = { ...verify, failingBooks: failing };
    const items = await inAuditSnapshot(this.db, async (em) => {
      const found: Finding[] = [];
      for (const rule of rules) found.push(...(await rule.run(em, { regionCode, asOf }, this.config.audit, context)));
      return found;
    });
    return {
      regionCode,
      asOf,
      items: items.filter((f) => !q.severity || f.severity === q.severity).sort(byImportance),
    };
  }
}
