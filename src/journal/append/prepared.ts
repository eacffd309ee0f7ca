import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';

/** A statement's text and the name it is prepared under, derived from the text so two texts never share one. */
export interface NamedText {
  name: string;
  text: string;
}

export const namedText = (text: string): NamedText => ({
  name: `sl_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`,
  text,
});

const names = new Map<string, NamedText>();

/** Runs a statement as a named prepared statement of this connection: parsed, and soon planned, once. */
export async function runPrepared<T>(client: ClientBase, text: string | NamedText, values: unknown[]): Promise<T[]> {
  let named = typeof text === 'string' ? names.get(text) : text;
  if (named === undefined) {
    named = namedText(text as string);
    // Texts are a handful of shapes; the bound only guards against a caller building them from data.
    if (names.size < 10_000) names.set(named.text, named);
  }
  const result = await client.query<T & object>({ name: named.name, text: named.text, values });
  return result.rows;
}
