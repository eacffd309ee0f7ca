/**
 * What no text field may hold, wherever it arrives: NUL, which PostgreSQL text cannot store; other control characters,
 * which print as nothing and make two names look alike; and lone surrogates, which the driver would turn into U+FFFD
 * so a projection no longer matches its journal entry. Tab, LF and CR stay allowed: descriptions span lines.
 */
const FORBIDDEN = new RegExp(
  [
    '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]', // C0, DEL, C1; not tab, LF, CR
    '[\\ud800-\\udbff](?![\\udc00-\\udfff])', // a high surrogate without its low half
    '(?<![\\ud800-\\udbff])[\\udc00-\\udfff]', // a low surrogate without its high half
  ].join('|'),
);

/** The first forbidden character of `text` as U+XXXX, or undefined when the text is fine. */
export function forbiddenCharacterIn(text: string): string | undefined {
  const m = FORBIDDEN.exec(text);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

export const plainTextMessage = (field: string, char: string) =>
  `${field} contains ${char}: control characters and unpaired surrogates are not allowed, ` +
  'only tab and line breaks (不得含有控制字符或无效字符)';

export interface TextProblem {
  field: string;
  problems: string[];
}

/**
 * Every string (and object key) in a parsed request value that holds a forbidden character, by its
 * path (`payee.name`, `items.2.note`). The value comes from a parser that refused deep nesting
 * (MAX_JSON_DEPTH), so the recursion is shallow.
 */
export function forbiddenTextIn(value: unknown, path = ''): TextProblem[] {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (typeof value === 'string') {
    const char = forbiddenCharacterIn(value);
    return char ? [{ field: path || 'value', problems: [plainTextMessage(path || 'value', char)] }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => forbiddenTextIn(v, at(String(i))));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const char = forbiddenCharacterIn(key);
    // A bad key is named escaped, and what it holds is not looked at: the key alone refuses the body.
    if (char)
      return [{ field: at(JSON.stringify(key).slice(1, -1)), problems: [plainTextMessage('field name', char)] }];
    return forbiddenTextIn(v, at(key));
  });
}
