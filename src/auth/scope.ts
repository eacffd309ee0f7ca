import { DomainError } from '../common/errors/domain-error';
import { isWithin } from '../common/region-code';
import type { Actor } from './role';

/** A token for region R reads and acts on R's subtree only. */
export function assertInScope(actor: Actor, regionCode: string): void {
  if (!isWithin(actor.regionCode, regionCode)) {
    throw new DomainError(
      'OUT_OF_SCOPE',
      `Region ${regionCode} is outside your region ${actor.regionCode} / 超出管辖范围`,
    );
  }
}

/** Ancestors of one's own region may be read (names along the path), never written. */
export function canRead(actor: Actor, regionCode: string): boolean {
  return isWithin(actor.regionCode, regionCode) || isWithin(regionCode, actor.regionCode);
}
