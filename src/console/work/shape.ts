/**
 * Form fields are flat strings; some DTOs nest (beneficiaries.households) or list (funding.0.amount).
 * `nested` builds the DTO's shape from dotted names, so that class-validator's errors come back under
 * the same dotted names as the fields they belong to.
 */
export function nested(ints: string[] = []) {
  const isInt = (key: string) => ints.includes(key.replace(/\.\d+\./g, '.*.'));
  return (input: Record<string, string>): object => {
    const out: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(input)) {
      // A typed "3" is the integer 3; anything else stays text, so the DTO says what is wrong with it.
      const value = isInt(key) && /^\d{1,9}$/.test(raw) ? Number(raw) : raw;
      const parts = key.split('.');
      let node = out as Record<string, unknown>;
      parts.forEach((p, i) => {
        if (i === parts.length - 1) node[p] = value;
        else node = (node[p] ??= /^\d+$/.test(parts[i + 1]) ? [] : {}) as Record<string, unknown>;
      });
    }
    return out;
  };
}

/**
 * Repeated rows of a form (`funding.0.fundId`, `funding.0.amount` …): rows left empty are dropped and
 * the rest numbered from 0, so that the DTO sees a list without holes and errors name the row shown.
 * A key the row should not have is kept, for the DTO to refuse as the API does.
 */
export function compactRows(body: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  const rows = new Map<number, Record<string, string>>();
  for (const [k, v] of Object.entries(body)) {
    const m = new RegExp(`^${prefix}\\.(\\d{1,2})\\.(\\w+)$`).exec(k);
    if (!m) {
      out[k] = v;
      continue;
    }
    const row = rows.get(Number(m[1])) ?? {};
    row[m[2]] = v;
    rows.set(Number(m[1]), row);
  }
  let i = 0;
  for (const [, row] of [...rows].sort(([a], [b]) => a - b)) {
    if (!Object.values(row).some((v) => v.trim() !== '')) continue;
    for (const [k, v] of Object.entries(row)) out[`${prefix}.${i}.${k}`] = v;
    i++;
  }
  return out;
}

/** Names of the money fields of repeated rows, for readForm's `money` option. */
export const rowFields = (prefix: string, key: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}.${i}.${key}`);
