import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream } from 'pino';
import { type HttpLogger, type Options as HttpLogOptions, pinoHttp, stdSerializers } from 'pino-http';
import { correlationId } from './correlation';
import pretty from 'pino-pretty';
import { CENSOR, REDACT_PATHS, redactUrl, scrubLine } from './log-redaction';

interface HttpFields {
  req?: { id?: string; method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  correlationId?: string;
  context?: string;
}

/** One line per request instead of pino-pretty's dump of req and res, the correlation id kept. */
export function oneLine(log: Record<string, unknown>, messageKey: string): string {
  const { req, res, responseTime, correlationId, context } = log as HttpFields;
  const http = req?.method ? ` ${req.method} ${req.url}` : '';
  const outcome = res?.statusCode ? ` → ${res.statusCode} in ${responseTime} ms` : '';
  const id = correlationId ?? req?.id;
  const prefix = context ? `[${context}] ` : '';
  return `${prefix}${String(log[messageKey] ?? '')}${http}${outcome}${id ? ` (correlationId ${id})` : ''}`;
}

/**
 * What a log line says of the request and its answer: pino-http serializes `req` on every request whatever the level,
 * so these copy only what oneLine and a reader of the JSON use, and no header can leak.
 */
export const httpLogSerializers = {
  req: (req: IncomingMessage & { originalUrl?: string }) => ({
    id: req.id,
    method: req.method,
    url: redactUrl(req.originalUrl ?? req.url),
    remoteAddress: req.socket?.remoteAddress,
  }),
  res: (res: ServerResponse) => ({ statusCode: res.headersSent ? res.statusCode : null }),
  err: stdSerializers.err,
};

/**
 * Where the logs go: readable lines for a person at a terminal, JSON lines on stdout otherwise
 * (undefined: pino's default), which is what tests, CI and log collectors read. Synchronous, so
 * that main.ts's own lines and the first-start message stay in order with Nest's.
 */
export function logDestination(stdout: { isTTY?: boolean } = process.stdout): DestinationStream | undefined {
  if (!stdout.isTTY) return undefined;
  return pretty({
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,req,res,responseTime,correlationId,context',
    messageFormat: oneLine,
  });
}

/** Redaction (log-redaction.ts) as pino options: fields by path, then every line by the shape of its values. */
export const redactionOptions = {
  redact: { paths: REDACT_PATHS, censor: CENSOR },
  hooks: { streamWrite: scrubLine },
} satisfies Pick<HttpLogOptions, 'redact' | 'hooks'>;

/** The request logger's options with redaction and the destination above (or the one given: tests). */
function withLogDestination(
  options: HttpLogOptions,
  given?: DestinationStream,
): HttpLogOptions | [HttpLogOptions, DestinationStream] {
  const destination = given ?? logDestination();
  const redacted = { ...options, ...redactionOptions };
  return destination ? [redacted, destination] : redacted;
}

/** The request logger (createHttpLogger) as AppModule provides it to configureApp. */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/** Health probes come every few seconds from the load balancer: not a line each. */
const unlogged = (req: IncomingMessage) => req.url === '/health';

/**
 * One line per request (at info, so not at LOG_LEVEL=warn), the correlation id as the request id; `.logger` is
 * also what Nest's own messages go through (app.module.ts).
 */
export function createHttpLogger(level: string, given?: DestinationStream): HttpLogger {
  const options = withLogDestination(
    {
      level,
      genReqId: correlationId,
      customAttributeKeys: { reqId: 'correlationId' },
      serializers: httpLogSerializers,
      wrapSerializers: false,
      autoLogging: { ignore: unlogged },
    },
    given,
  );
  const http = Array.isArray(options) ? pinoHttp(...options) : pinoHttp(options);
  return http.logger.isLevelEnabled('info') ? http : failedAnswersOnly(http.logger);
}

/**
 * Above info, pino-http would still bind a child logger to every request, only ever to log a failed answer;
 * this logs those (5xx, as pino-http words them) from the raw request and binds nothing to the others.
 */
function failedAnswersOnly(logger: HttpLogger['logger']): HttpLogger {
  const middleware = (req: IncomingMessage, res: ServerResponse, next?: () => void) => {
    const started = Date.now();
    req.id ??= correlationId(req, res);
    res.once('finish', () => {
      if (res.statusCode < 500 || unlogged(req)) return;
      logger.error({ correlationId: req.id, req, res, responseTime: Date.now() - started }, 'request errored');
    });
    next?.();
  };
  return Object.assign(middleware, { logger });
}

/**
 * main.ts's own lines, always at info whatever LOG_LEVEL says: they tell where the service is, and
 * bench/support/bench-http.ts waits for the "listening" line of a service it runs at LOG_LEVEL=warn.
 */
export function startupLog(): (line: string) => void {
  // Synchronous like the process.stdout.write it replaces, so a line is out before a crash exits.
  const logger = pino(
    { level: 'info', ...redactionOptions },
    logDestination() ?? pino.destination({ dest: 1, sync: true }),
  );
  return (line) => logger.info(line);
}
