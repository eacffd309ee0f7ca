import multipart from '@fastify/multipart';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyBodyParser } from 'fastify';
import { Logger } from 'nestjs-pino';
import { parse as parseForm } from 'node:querystring';
import { correlationIdOf } from './common/correlation';
import { DomainError } from './common/errors/domain-error';
import { ErrorFilter } from './common/errors/error.filter';
import { createValidationPipe } from './common/validation/validation.pipe';
import { parseAppConfig } from './config/app.config';

export const API_PREFIX = 'api/v1';

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** BODY_LIMIT as README documents it (`1mb`, `512kb`, `2048`) in bytes. */
export function bodyLimitBytes(limit: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(limit);
  if (!m) throw new Error(`Config BODY_LIMIT=${limit} must be a size such as 1mb, 512kb or 2048`);
  return Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]);
}

/**
 * The HTTP server: Fastify, whose routing, body parsing and replies cost about a fifth less CPU
 * per request than Express did (docs/benchmarks.md, HTTP disbursements). Routing as Express
 * did it: a trailing slash and the case of the path do not matter.
 */
export function createHttpAdapter(): FastifyAdapter {
  const config = parseAppConfig(process.env);
  return new FastifyAdapter({
    bodyLimit: bodyLimitBytes(config.bodyLimit),
    // Behind a reverse proxy on the same machine, req.ip is the client's (X-Forwarded-For).
    trustProxy: 'loopback',
    // The request id is the correlation id (logged by pino-http, answered in errors and a header).
    genReqId: correlationIdOf,
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 1000 },
  });
}

/**
 * JSON bodies as Express read them: an empty body is `{}`, anything else must parse (Fastify's
 * parser, which also refuses `__proto__` keys); a malformed one is 400 VALIDATION_FAILED.
 */
function jsonParser(app: NestFastifyApplication): FastifyBodyParser<Buffer> {
  const parse = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  return (req, body, done) => {
    if (body.length === 0) return done(null, {});
    parse(req, body.toString('utf8'), (err, value) =>
      err ? done(new DomainError('VALIDATION_FAILED', 'Malformed JSON body / 请求体不是合法 JSON')) : done(null, value),
    );
  };
}

/** Everything the running service and the e2e tests share: prefix, parsers, pipes, errors, docs. */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  const config = parseAppConfig(process.env);
  const fastify = app.getHttpAdapter().getInstance();
  app.useBodyParser('application/json', { bodyLimit: bodyLimitBytes(config.bodyLimit) }, jsonParser(app));
  // useBodyParser stops Nest from adding its own parsers: forms as Nest would have read them, and
  // any other type left unread (Express's way) so that the DTO says what is missing, not a 415.
  app.useBodyParser(
    'application/x-www-form-urlencoded',
    { bodyLimit: bodyLimitBytes(config.bodyLimit) },
    (_req, body, done) => done(null, parseForm(body.toString('utf8'))),
  );
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
  // .xlsx uploads: excel/upload.ts reads them in the route, with its own limits.
  await app.register(multipart);
  // On the Node response, so that a streamed download (which bypasses Fastify's reply) has it too.
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.raw.setHeader('X-Correlation-Id', req.id);
    done();
  });
  // Declared up front, the per-request fields keep one object shape (faster than adding them later).
  fastify.decorateRequest('actor', undefined);
  fastify.decorateRequest('idempotencyKey', undefined);

  app.useLogger(app.get(Logger));
  // The public pages (/public, /public/notices/:id, /public/verify/:id …) are what notices print and link to.
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'public{/*path}'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter(app.getHttpAdapter()));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Sunshine Ledger 阳光台账')
      .setDescription(
        'Fund and asset ledger for rural revitalisation funds. Money is a decimal yuan string; dates are YYYY-MM-DD; ' +
          'every POST accepts an Idempotency-Key header.',
      )
      .setVersion('v1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
