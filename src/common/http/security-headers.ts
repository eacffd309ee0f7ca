import type { Request, Response } from 'express';

/**
 * JSON answers are never rendered as documents: nothing may load from them, frame them or be
 * submitted from them. The public pages (src/public) set their own policy over this one.
 */
export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Swagger UI at /docs: its scripts and stylesheet are files served beside it, but its page carries
 * <style> blocks and its components set style attributes, hence 'unsafe-inline' for styles only;
 * "Try it out" calls the API of the same origin.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers helmet would send by default that matter to this service, written out (helmet is not a dependency). */
const HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Permitted-Cross-Domain-Policies': 'none',
};

/** Swagger UI's page and assets; /docs-json and /docs-yaml are data like any API answer. */
const DOCS_UI = /^\/docs(\/|$)/i;

/** Set on every answer before any route runs, so that errors, 404s and downloads carry them too. */
export function setSecurityHeaders(req: Request, res: Response): void {
  res.set(HEADERS);
  res.setHeader(
    'Content-Security-Policy',
    DOCS_UI.test(req.path) ? DOCS_CONTENT_SECURITY_POLICY : API_CONTENT_SECURITY_POLICY,
  );
}
