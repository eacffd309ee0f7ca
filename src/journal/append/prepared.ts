import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';

const names = new Map<string, string>();

/** Runs a statement as a named prepared statement of this connection: parsed, and soon planned, once. */
export async function runPrepared<T>(client: ClientBase, text: string, values: unknown[]): Promise<T[]> {
  let name = names.get(text);
  if (name === undefined) {
    name = `sl_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    // Texts are a handful of shapes; the bound only guards against a caller building them from data.
    if (names.size < 10_000) names.set(text, name);
  }
  const result = await client.query<T & object>({ name, text, values });
  return result.rows;
}
