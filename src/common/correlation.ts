import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._:-]{8,100}$/;

/**
 * pino-http calls this once per request: a caller-supplied id is kept (so a village terminal can
 * quote it when it phones for help), anything else gets a fresh UUID, echoed back as a header.
 */
export function correlationId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[CORRELATION_HEADER];
  const id = typeof given === 'string' && ACCEPTABLE.test(given) ? given : randomUUID();
  res.setHeader('X-Correlation-Id', id);
  return id;
}
