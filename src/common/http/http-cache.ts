import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/** Published bytes that can never change (a notice's PDF): any cache may keep them for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Public answers that can still change (objections filed, a correction published): revalidate soon. */
export const SHORT_LIVED = 'public, max-age=60';
/** Answers that change with every new checkpoint: a cache must ask each time (cheap with the ETag). */
export const REVALIDATE = 'no-cache';

/** A strong validator: the SHA-256 of the exact bytes sent, so two instances give the same ETag. */
export function strongEtag(body: Buffer | string): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/**
 * If-None-Match (RFC 9110 §13.1.2): `*` or any listed tag equal under the weak comparison
 * (a `W/` prefix is ignored), so a proxy that weakened our tag still gets a 304.
 */
export function notModified(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  if (header.trim() === '*') return true;
  const ours = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === ours);
}

/**
 * Sets ETag and Cache-Control; answers 304 without a body when the client already holds these
 * bytes, else 200 with them. Express's own ETag is off (app.setup.ts), so this is the only one.
 */
export function sendCacheable(
  req: Request,
  res: Response,
  body: Buffer | string,
  options: { etag?: string; cacheControl: string; type: string },
): void {
  const etag = options.etag ?? strongEtag(body);
  res.set({ ETag: etag, 'Cache-Control': options.cacheControl });
  if (notModified(req, etag)) {
    res.status(304).end();
    return;
  }
  res.status(200).type(options.type).send(body);
}
