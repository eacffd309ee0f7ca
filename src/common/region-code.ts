/**
 * 12-digit region codes: province 2, city 2, county 2, township 3, village 3 digits. The level follows
 * from which trailing groups are zero, so scope checks are prefix comparisons without the database.
 */
export const COUNTRY_CODE = '000000000000';
export const REGION_LEVELS = ['country', 'province', 'city', 'county', 'township', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** Significant prefix length for each level. */
const PREFIX_LENGTH: Record<RegionLevel, number> = {
  country: 0,
  province: 2,
  city: 4,
  county: 6,
  township: 9,
  village: 12,
};

export function levelOfCode(code: string): RegionLevel {
  if (code === COUNTRY_CODE) return 'country';
  if (code.endsWith('0000000000')) return 'province';
  if (code.endsWith('00000000')) return 'city';
  if (code.endsWith('000000')) return 'county';
  if (code.endsWith('000')) return 'township';
  return 'village';
}

export function isRegionCode(code: string): boolean {
  if (!/^\d{12}$/.test(code)) return false;
  if (code === COUNTRY_CODE) return true;
  // Every group above the code's own level must be non-zero, except the city group, which is
  // 00 for none and 90 for counties directly under a province; only the province must be set.
  return code.slice(0, 2) !== '00';
}

/** The part of the code that all codes in its subtree share. */
export function subtreePrefix(code: string): string {
  return code.slice(0, PREFIX_LENGTH[levelOfCode(code)]);
}

export function isWithin(scopeCode: string, code: string): boolean {
  return code.startsWith(subtreePrefix(scopeCode));
}

export function parentCodeOf(code: string): string | null {
  const level = levelOfCode(code);
  if (level === 'country') return null;
  const parentLevel = REGION_LEVELS[REGION_LEVELS.indexOf(level) - 1];
  return code.slice(0, PREFIX_LENGTH[parentLevel]).padEnd(12, '0');
}

/** The county whose books hold this region's money (县级报账制); provinces and cities keep their own. */
export function bookOfRegion(code: string): string {
  const level = levelOfCode(code);
  if (level === 'township' || level === 'village') return code.slice(0, 6).padEnd(12, '0');
  return code;
}
