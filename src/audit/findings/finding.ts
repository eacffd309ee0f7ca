import type { KeyObject } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { failingBooks } from './book-verification';
import type { RuleCode } from './rule-codes';
import type { AuditThresholds } from './thresholds';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a finding is about, named so a person can find it. */
export interface FindingSubject {
  type: 'fund' | 'project' | 'payee' | 'household' | 'asset' | 'book' | 'region' | 'actor';
  id: string;
  name: string;
}

/** One irregularity (审计疑点), with the journal entries that show it. */
export interface Finding {
  rule: RuleCode;
  severity: Severity;
  subject: FindingSubject;
  /** Decimal yuan, when the finding is about an amount. */
  amount?: string;
  /** The business date the irregularity began. */
  since?: string;
  /** A sentence in Chinese a person can act on. */
  detail: string;
  /** The same sentence in English. */
  detailEn: string;
  evidence: Array<{ book: string; seq: number }>;
}

/** Which part of the ledger a run looks at: a region's subtree, as it stood at the end of `asOf`. */
export interface FindingScope {
  regionCode: string;
  asOf: string;
}

/** What the engine hands a rule beside the database: only the integrity rules need it (chain verification). */
export interface RuleContext {
  /** Checkpoint signatures are checked with this key. */
  publicKey?: KeyObject | string;
  /** Lets a long book be verified in worker threads. */
  connectionString?: string;
  /** The scope's failing books, when the engine started verifying them beside the other rules. */
  failingBooks?: ReturnType<typeof failingBooks>;
}

/** A rule reads through `em` only and returns what it found; it never writes. */
export interface FindingRule {
  code: RuleCode;
  /** English name; the Chinese one is RULES[code]. */
  title: string;
  run(em: EntityManager, scope: FindingScope, thresholds: AuditThresholds, context?: RuleContext): Promise<Finding[]>;
}
