import type { EntityManager } from 'typeorm';
import { subtreePrefix } from '../../common/region-code';
import { compareDecimal } from '../../projects/project-performance';
import type { IndicatorResult, PerformanceIndicator } from '../../projects/project.entity';

/** An accepted project's goal and results as the projection holds them. */
export interface AcceptedProjectRow {
  id: string;
  name: string;
  regionCode: string;
  category: string;
  book: string;
  year: number;
  applicationSeq: number;
  acceptanceSeq: number | null;
  acceptedOn: string;
  finalCost: bigint;
  goal: string;
  beneficiaryHouseholds: number;
  beneficiaryPersons: number;
  namedHouseholds: number;
  indicators: PerformanceIndicator[];
  resultHouseholds: number | null;
  resultPersons: number | null;
  resultIndicators: IndicatorResult[];
}

/** One measure of the goal beside its result; `met` is null while no result is recorded. */
export interface Measure {
  name: string;
  unit: string;
  target: string;
  actual: string | null;
  met: boolean | null;
}

/**
 * Projects that passed acceptance on or before `asOf` in the region's subtree (optionally of one 年度) and were
 * not cancelled by then: the ones whose results the public and the auditors are owed. $1 prefix, $2 asOf, $3 year.
 */
const ACCEPTED = `FROM project
      WHERE region_code LIKE $1 AND acceptance_result = 'passed' AND accepted_on <= $2
        AND (cancelled_on IS NULL OR cancelled_on > $2) AND ($3::int IS NULL OR year = $3)`;

export interface AcceptedFilter {
  regionCode: string;
  asOf: string;
  year?: number;
}

const paramsOf = (f: AcceptedFilter) => [`${subtreePrefix(f.regionCode)}%`, f.asOf, f.year ?? null];

/** The accepted projects in id order, all of them or one keyset page (`after`, `limit`). */
export async function loadAccepted(
  em: EntityManager,
  filter: AcceptedFilter,
  page?: { after?: string; limit: number },
): Promise<AcceptedProjectRow[]> {
  const rows: Array<Record<string, unknown>> = await em.query(
    `SELECT id, name, region_code, category, book, year, entry_seq, acceptance_seq, accepted_on::text AS accepted_on,
            final_cost, performance_goal, beneficiary_households, beneficiary_persons,
            coalesce(cardinality(beneficiary_household_ids), 0) AS named, performance_indicators,
            result_households, result_persons, result_indicators
       ${ACCEPTED} AND ($4::text IS NULL OR id::text > $4)
      ORDER BY id ${page ? `LIMIT ${Math.trunc(page.limit)}` : ''}`,
    [...paramsOf(filter), page?.after ?? null],
  );
  return rows.map((r) => ({
    id: r.id as string,
    name: r.name as string,
    regionCode: r.region_code as string,
    category: r.category as string,
    book: r.book as string,
    year: r.year as number,
    applicationSeq: Number(r.entry_seq),
    acceptanceSeq: r.acceptance_seq === null ? null : Number(r.acceptance_seq),
    acceptedOn: r.accepted_on as string,
    finalCost: BigInt(r.final_cost as string),
    goal: r.performance_goal as string,
    beneficiaryHouseholds: r.beneficiary_households as number,
    beneficiaryPersons: r.beneficiary_persons as number,
    namedHouseholds: Number(r.named),
    indicators: (r.performance_indicators as PerformanceIndicator[] | null) ?? [],
    resultHouseholds: r.result_households as number | null,
    resultPersons: r.result_persons as number | null,
    resultIndicators: (r.result_indicators as IndicatorResult[] | null) ?? [],
  }));
}

export const resultRecorded = (row: AcceptedProjectRow) => row.resultHouseholds !== null;

const count = (name: string, unit: string, target: number, actual: number | null): Measure => ({
  name,
  unit,
  target: String(target),
  actual: actual === null ? null : String(actual),
  met: actual === null ? null : actual >= target,
});

/** Households and persons reached against those stated, then every indicator against its target. */
export function measuresOf(row: AcceptedProjectRow): { households: Measure; persons: Measure; indicators: Measure[] } {
  return {
    households: count('受益户数', '户', row.beneficiaryHouseholds, row.resultHouseholds),
    persons: count('受益人数', '人', row.beneficiaryPersons, row.resultPersons),
    indicators: row.indicators.map((i) => {
      const actual = row.resultIndicators.find((r) => r.name === i.name)?.actual ?? null;
      return { ...i, actual, met: actual === null ? null : compareDecimal(actual, i.target) >= 0 };
    }),
  };
}

/** The measures that fell short of their goal. */
export function shortfallsOf(row: AcceptedProjectRow): Measure[] {
  const m = measuresOf(row);
  return [m.households, m.persons, ...m.indicators].filter((x) => x.met === false);
}

/**
 * The counts over every accepted project, in one pass of the database: the same test as shortfallsOf (a measure
 * falls short when its recorded actual is below its target), with numeric comparison as exact as compareDecimal.
 */
export async function countAccepted(
  em: EntityManager,
  filter: AcceptedFilter,
): Promise<{ projects: number; resultsRecorded: number; belowGoal: number }> {
  const [row]: Array<{ projects: number; recorded: number; below: number }> = await em.query(
    `SELECT count(*)::int AS projects,
            count(*) FILTER (WHERE result_households IS NOT NULL)::int AS recorded,
            count(*) FILTER (WHERE result_households < beneficiary_households OR result_persons < beneficiary_persons
              OR EXISTS (SELECT 1 FROM jsonb_array_elements(performance_indicators) i
                           JOIN jsonb_array_elements(result_indicators) r ON r ->> 'name' = i ->> 'name'
                          WHERE (r ->> 'actual')::numeric < (i ->> 'target')::numeric))::int AS below
       ${ACCEPTED}`,
    paramsOf(filter),
  );
  return { projects: row.projects, resultsRecorded: row.recorded, belowGoal: row.below };
}

/** The evidence of a project's goal and result: its application and acceptance entries. */
export const evidenceOf = (row: AcceptedProjectRow) => [
  { book: row.book, seq: row.applicationSeq },
  ...(row.acceptanceSeq === null ? [] : [{ book: row.book, seq: row.acceptanceSeq }]),
];
