/**
 * How deep a JSON text nests, read from its brackets without parsing it. JSON.parse itself copes
 * with any depth, but everything after it that walks the value (class-transformer, validation,
 * canonical JSON) recurses, and a body of fifty thousand `[` overflows the stack there. The scan
 * stops as soon as the limit is passed, so a hostile body costs one pass at most.
 */
export function jsonDepthExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character, a quote included
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** Far above any DTO of the API (a payment with its payee is three levels), far below a stack overflow. */
export const MAX_JSON_DEPTH = 32;
