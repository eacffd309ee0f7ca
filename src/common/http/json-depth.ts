/**
 * How deep a JSON text nests, read from its brackets without parsing it: JSON.parse copes with any depth, but what
 * walks the value afterwards (class-transformer, validation, canonical JSON) recurses and would overflow the stack.
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
