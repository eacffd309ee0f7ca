import { createHash } from 'node:crypto';
import { fenToYuan } from '../../common/money';
import type { SourceLevel } from '../../funds/fund.entity';
import type { OcdsValue, OrganizationReference, Party, Release } from './ocds-types';

/** What a release needs to know about its project besides the entry (the project table, region names). */
export interface OcdsProject {
  id: string;
  book: string;
  regionCode: string;
  name: string;
  content: string;
  implementingUnit: string;
  /** Effective date of the start of works, if they started: a cancellation after it ends a contract. */
  startedOn: string | null;
  regionName: string;
  countyName: string;
}

export interface OcdsFund {
  docNo: string;
  title: string;
  sourceLevel: SourceLevel;
}

/** The payment a payment or its reversal is about (the disbursement projection row; never an account number). */
export interface OcdsPayment {
  id: string;
  amount: bigint;
  payeeType: string;
  payeeName: string | null;
  payeeKey: string;
}

/** One journal entry about a project, as read for OCDS. */
export interface OcdsEntry {
  book: string;
  seq: number;
  type: string;
  occurredOn: string;
  recordedAt: Date;
  payload: Record<string, unknown>;
  postings: Array<{ account: string; fund: string; amount: string }>;
  payment: OcdsPayment | null;
}

export interface OcdsSettings {
  ocidPrefix: string;
  publicBaseUrl: string;
}

export const ocidOf = (prefix: string, projectId: string): string => `${prefix}-${projectId}`;
export const releaseIdOf = (book: string, seq: number): string => `${book}-${seq}`;

/**
 * OCDS amounts are JSON numbers. A yuan string of at most 15 significant digits (the ledger's MONEY_PATTERN:
 * ≤ 15 whole digits, 2 decimals, in practice far fewer) survives the double and prints back as the same text.
 */
export const valueOf = (fen: bigint): OcdsValue => ({ amount: Number(fenToYuan(fen)), currency: 'CNY' });

/** Business dates carry no time: the day starts in China time. */
export const dateTimeOf = (day: string): string => `${day}T00:00:00+08:00`;

export const buyerRef = (p: OcdsProject): OrganizationReference => ({
  id: `region-${p.regionCode}`,
  name: p.implementingUnit,
});
export const payerRef = (p: OcdsProject): OrganizationReference => ({
  id: `finance-${p.book}`,
  name: `${p.countyName}财政局`,
});

/** The same key the payee account uses (payeeKey in post-disbursement.service.ts), so the ids meet. */
export const organisationRef = (type: string, name: string): OrganizationReference => ({
  id: `payee-${type}.${createHash('sha256').update(name.trim()).digest('hex').slice(0, 32)}`,
  name: name.trim(),
});

/** A release skeleton for an entry: the buyer is named in every release, so each one reads on its own. */
export function baseRelease(entry: OcdsEntry, project: OcdsProject, settings: OcdsSettings, tag: string[]): Release {
  const buyer: Party = {
    ...buyerRef(project),
    roles: ['buyer', 'procuringEntity'],
    address: { locality: project.regionName, countryName: '中国' },
  };
  return {
    ocid: ocidOf(settings.ocidPrefix, project.id),
    id: releaseIdOf(entry.book, entry.seq),
    date: entry.recordedAt.toISOString(),
    tag,
    initiationType: 'tender',
    language: 'zh',
    parties: [buyer],
    buyer: buyerRef(project),
  };
}

export function addParty(release: Release, ref: OrganizationReference, roles: string[]): void {
  release.parties ??= [];
  const known = release.parties.find((p) => p.id === ref.id);
  if (known) known.roles = [...new Set([...known.roles, ...roles])];
  else release.parties.push({ ...ref, roles });
}
