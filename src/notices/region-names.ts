import type { EntityManager } from 'typeorm';
import { levelOfCode, parentCodeOf } from '../common/region-code';

/** The codes from the city down to the region itself ("漯河市郾城区新店镇后街村" reads from the city). */
function lineage(code: string): string[] {
  const codes: string[] = [];
  for (let c: string | null = code; c && !['country', 'province'].includes(levelOfCode(c)); c = parentCodeOf(c))
    codes.unshift(c);
  return codes.length ? codes : [code];
}

/** Some registers repeat the parent in a name ("城关镇 后街村"): print each level once. */
function joinNames(names: string[]): string {
  let full = '';
  let parent = '';
  for (const name of names) {
    const own = parent && name.startsWith(parent) ? name.slice(parent.length).trim() : name.trim();
    full += own;
    parent = name;
  }
  return full;
}

/** Full names of regions as printed on notices; an unknown code reads as itself. */
export async function regionFullNames(em: EntityManager, codes: string[]): Promise<Map<string, string>> {
  const all = [...new Set(codes.flatMap(lineage))];
  const rows: Array<{ code: string; name: string }> = all.length
    ? await em.query(`SELECT code, name FROM region WHERE code = ANY($1)`, [all])
    : [];
  const names = new Map(rows.map((r) => [r.code, r.name]));
  return new Map(codes.map((c) => [c, joinNames(lineage(c).map((l) => names.get(l) ?? '')) || c]));
}

export async function regionFullName(em: EntityManager, code: string): Promise<string> {
  return (await regionFullNames(em, [code])).get(code)!;
}
