import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._:-]{8,100}$/;

/** A caller-supplied id is kept, so a village terminal can quote it when it phones for help; else a fresh UUID. */
export function correlationIdOf(req: IncomingMessage): string {
  const given = req.headers[CORRELATION_HEADER];
  return typeof given === 'string' && ACCEPTABLE.test(given) ? given : randomUUID();
}

/** pino-http's way of asking, for a request that came without an id (none does through app.setup.ts). */
export function correlationId(req: IncomingMessage, res: ServerResponse): string {
  const id = correlationIdOf(req);
  res.setHeader('X-Correlation-Id', id);
  return id;
}
