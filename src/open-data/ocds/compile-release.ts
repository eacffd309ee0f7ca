import type { Party, Release } from './ocds-types';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIdentifiedList = (v: unknown): v is Json[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => isObject(x) && typeof x.id === 'string');

/** OCDS merge of one release into the compiled state: objects field by field, arrays of objects by `id`. */
function mergeInto(target: Json, source: Json): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (isIdentifiedList(value) && Array.isArray(current)) {
      for (const item of value) {
        const same = current.find((x) => isObject(x) && x.id === item.id) as Json | undefined;
        if (same) mergeInto(same, item);
        else current.push(structuredClone(item));
      }
    } else if (isObject(value) && isObject(current)) {
      mergeInto(current, value);
    } else {
      target[key] = structuredClone(value);
    }
  }
}

/**
 * The compiled release of a record: the releases merged in date order (omitWhenMerged id, date and tag left
 * out). A party's roles are the union over the releases, since one party (a contractor) is named as supplier
 * in one release and as payee in another, and plain merging would keep only the last list.
 */
export function compileRelease(releases: Release[]): Release {
  const compiled: Json = {};
  const roles = new Map<string, Set<string>>();
  for (const release of releases) {
    const { id: _id, date: _date, tag: _tag, ...rest } = release;
    mergeInto(compiled, rest as Json);
    for (const party of release.parties ?? []) {
      const known = roles.get(party.id) ?? new Set<string>();
      party.roles.forEach((r) => known.add(r));
      roles.set(party.id, known);
    }
  }
  for (const party of (compiled.parties as Party[] | undefined) ?? []) party.roles = [...roles.get(party.id)!];
  const last = releases[releases.length - 1];
  return {
    ...(compiled as unknown as Release),
    id: `${last.ocid}-compiled-${last.id}`,
    date: last.date,
    tag: ['compiled'],
  };
}
