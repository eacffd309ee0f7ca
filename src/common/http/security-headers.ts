import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

type Directives = Record<string, string[]>;

/**
 * JSON answers are never rendered as documents: nothing may load from them, frame them or be
 * submitted from them. The public pages (src/public) set their own, stricter-for-them policy over this one.
 */
export const API_CSP_DIRECTIVES: Directives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Swagger UI at /docs: its scripts and stylesheet are files served beside it, but its page carries
 * <style> blocks and its components set style attributes, hence 'unsafe-inline' for styles only;
 * "Try it out" calls the API of the same origin. No inline script and no script attribute.
 */
export const DOCS_CSP_DIRECTIVES: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
};

/** helmet's defaults, but frames refused outright (DENY: no page of this service is ever framed) and CSP per area. */
function options(directives: Directives): HelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    xPermittedCrossDomainPolicies: { permittedPolicies: 'none' },
  };
}

const apiHeaders = helmet(options(API_CSP_DIRECTIVES));
const docsHeaders = helmet(options(DOCS_CSP_DIRECTIVES));

/** Swagger UI's page and assets; /docs-json and /docs-yaml are data like any API answer. */
const DOCS_UI = /^\/docs(\/|$)/i;

/** Set on every answer before any route runs, so that errors, 404s and downloads carry them too. */
export function setSecurityHeaders(req: IncomingMessage & { path: string }, res: ServerResponse): void {
  // helmet's middlewares only set headers and call next synchronously; an error here is a bug, so it throws.
  (DOCS_UI.test(req.path) ? docsHeaders : apiHeaders)(req, res, (err?: unknown) => {
    if (err) throw err;
  });
}
