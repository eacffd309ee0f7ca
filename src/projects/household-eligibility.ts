import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { isWithin } from '../common/region-code';

export interface HouseholdOnList {
  regionCode: string;
  since: string;
  /** The day the household left the list, or null while it is on it. */
  until: string | null;
}

/**
 * The households feature owns the `household` table; this is the only place the projects feature reads it, with
 * plain SQL, so a change of that table means changing this one function.
 */
export async function findHousehold(em: EntityManager, id: string): Promise<HouseholdOnList | null> {
  const [{ present }]: Array<{ present: boolean }> = await em.query(
    `SELECT to_regclass('household') IS NOT NULL AS present`,
  );
  if (!present) return null;
  const rows: Array<{ region_code: string; since: string; until: string | null }> = await em.query(
    `SELECT region_code, since::text AS since, until::text AS until FROM household WHERE id = $1`,
    [id],
  );
  return rows.length ? { regionCode: rows[0].region_code, since: rows[0].since, until: rows[0].until } : null;
}

/**
 * A payment to a household needs a household of the project's village (or of a village in the project's
 * township) that is on the list on the payment date: since ≤ paidOn < until.
 */
export async function assertHouseholdEligible(
  em: EntityManager,
  householdId: string,
  projectRegion: string,
  paidOn: string,
): Promise<void> {
  const household = await findHousehold(em, householdId);
  const refuse = (why: string) =>
    new DomainError('HOUSEHOLD_NOT_ELIGIBLE', `Household ${householdId} ${why} / 该户不符合条件`, {
      householdId,
      paidOn,
    });
  if (!household) throw refuse('is not registered');
  if (!isWithin(projectRegion, household.regionCode)) throw refuse(`is not in the project's region ${projectRegion}`);
  if (household.since > paidOn || (household.until !== null && household.until <= paidOn)) {
    throw refuse(
      `is not on the list on ${paidOn} ` +
        `(since ${household.since}${household.until ? `, until ${household.until}` : ''})`,
    );
  }
}

/** Several households at once, by id (those not registered are simply absent from the answer). */
export async function findHouseholds(em: EntityManager, ids: string[]): Promise<Map<string, HouseholdOnList>> {
  const found = new Map<string, HouseholdOnList>();
  if (!ids.length) return found;
  const rows: Array<{ id: string; region_code: string; since: string; until: string | null }> = await em.query(
    `SELECT id, region_code, since::text AS since, until::text AS until FROM household WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  for (const r of rows) found.set(r.id, { regionCode: r.region_code, since: r.since, until: r.until });
  return found;
}

/** On the list on `date`: since ≤ date < until. */
export const listedOn = (h: HouseholdOnList, date: string): boolean =>
  h.since <= date && (h.until === null || h.until > date);
