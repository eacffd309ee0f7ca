import { DomainError } from '../../common/errors/domain-error';
import { UUID_PATTERN as UUID } from '../../common/validation/uuid';

/** The kinds of account money can sit in. */
interface AccountKind {
  /** Holds public money that exists: may never go below zero. */
  nonNegative: boolean;
  id?: RegExp;
}

const REGION = /^\d{12}$/;
const LEVEL = /^(central|provincial|municipal|county|east_west|social)$/;

const KINDS: Record<string, AccountKind> = {
  /** Where a fund document's money comes from (outside the books): goes negative by design. */
  source: { nonNegative: false, id: LEVEL },
  pool: { nonNegative: true, id: REGION },
  /** Passed down to a lower region's books (the upper book's record of the allocation). */
  allocated: { nonNegative: false, id: REGION },
  /** Received from an upper region's books (the lower book's record of the allocation). */
  transfer: { nonNegative: false, id: REGION },
  project: { nonNegative: true, id: UUID },
  /** Paid out to a payee: the end of the money chain. */
  payee: { nonNegative: false, id: /^[A-Za-z0-9_.-]{1,100}$/ },
  /** Where an asset's income and proceeds come from (outside the books): goes negative by design. */
  operation: { nonNegative: false, id: UUID },
  'asset-income': { nonNegative: true, id: UUID },
  /** Money returned to the county treasury or a village collective (disposal proceeds). */
  treasury: { nonNegative: false, id: REGION },
  collective: { nonNegative: false, id: REGION },
  /** Test and benchmark accounts; never used by the service's own features. */
  test: { nonNegative: true, id: /^[A-Za-z0-9_-]{1,64}$/ },
  'test-source': { nonNegative: false },
};

export function accountKind(path: string): AccountKind {
  const colon = path.indexOf(':');
  const kind = KINDS[colon < 0 ? path : path.slice(0, colon)];
  const id = colon < 0 ? undefined : path.slice(colon + 1);
  const ok = kind !== undefined && (kind.id ? id !== undefined && kind.id.test(id) : id === undefined);
  if (!ok) throw new DomainError('UNKNOWN_ACCOUNT', `Unknown account "${path}" / 未知科目`, { account: path });
  return kind;
}

export function isNonNegative(path: string): boolean {
  return accountKind(path).nonNegative;
}
