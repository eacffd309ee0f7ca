/**
 * What never goes into a log line: credentials (tokens, cookies, passwords) and personal numbers
 * (ID numbers, bank accounts, phone numbers). Three layers, since a value can arrive by a field, a
 * query string or inside a message: pino's redact paths for structured fields, the query string
 * of a logged URL, and a last scrub of every written line by the shape of such values.
 */
export const CENSOR = '[REDACTED]';

/** Field names whose values are secret or personal, wherever they appear (a query, an error's payload). */
const SENSITIVE_NAME = new RegExp(
  '^(authorization|cookie|set-cookie|token|access_?token|password|passwd|secret|' +
    'id_?number|id_?card|bank_?account|account(_?number)?|payee_?account|phone|mobile|contact|_?csrf)$',
  'i',
);

const SENSITIVE_KEYS = ['password', 'token', 'idNumber', 'bankAccount', 'payeeAccount', 'phone', 'contact'];

/**
 * pino `redact` paths. Request and response headers are not serialized at all (log-output.ts) but
 * are named here too, so that a change of serializers cannot bring them back; an error's SQL
 * parameters (TypeORM's QueryFailedError carries them) are the bound values of a write.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'err.parameters',
  'err.driverError.parameters',
  ...SENSITIVE_KEYS.flatMap((k) => [k, `*.${k}`]),
];

/** A URL with the values of sensitive query parameters replaced (the rest kept, for reading the log). */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = decodeSafely(eq < 0 ? pair : pair.slice(0, eq));
      return eq >= 0 && SENSITIVE_NAME.test(name) ? `${pair.slice(0, eq)}=${CENSOR}` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}

function decodeSafely(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/**
 * Shapes of tokens, ID, bank card and mobile numbers, whatever carries them. A digit run is matched whole, so region
 * codes (12 digits) and epoch-millisecond times (13) are left alone.
 */
const SHAPES = [
  /sl_[A-Za-z0-9_-]{16,}/g,
  /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g,
  /(?<!\d)\d{16,19}(?!\d)/g,
  /(?<!\d)1[3-9]\d{9}(?!\d)/g,
];

/** The last layer, over each serialized line (pino's hooks.streamWrite). */
export function scrubLine(line: string): string {
  let out = line;
  for (const shape of SHAPES) out = out.replace(shape, CENSOR);
  return out;
}
