import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { type Request, type RequestHandler, type Response, text, urlencoded } from 'express';
import { Logger } from 'nestjs-pino';
import sjson from 'secure-json-parse';
import * as swaggerUi from 'swagger-ui-express';
import { correlationIdOf } from './common/correlation';
import { HTTP_LOGGER } from './common/log-output';
import { DomainError } from './common/errors/domain-error';
import { ErrorFilter } from './common/errors/error.filter';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './common/http/json-depth';
import './common/http/request-body';
import { setSecurityHeaders } from './common/http/security-headers';
import { createOpenApiDocument } from './common/openapi/openapi-document';
import { createValidationPipe } from './common/validation/validation.pipe';
import { parseAppConfig } from './config/app.config';

export const API_PREFIX = 'api/v1';

/** Nest's own parsers stay off: configureApp installs each parser once, with BODY_LIMIT. */
export const APP_OPTIONS: NestApplicationOptions = { bodyParser: false };

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** BODY_LIMIT as README documents it (`1mb`, `512kb`, `2048`) in bytes. */
export function bodyLimitBytes(limit: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(limit);
  if (!m) throw new Error(`Config BODY_LIMIT=${limit} must be a size such as 1mb, 512kb or 2048`);
  return Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]);
}

/**
 * The HTTP server: Express, with its default routing (a trailing slash and the case of the path
 * do not matter). No ETag or X-Powered-By: API answers are not cached and need not name the stack.
 */
export function createHttpAdapter(): ExpressAdapter {
  const adapter = new ExpressAdapter();
  // Behind a reverse proxy on the same machine, req.ip is the client's (X-Forwarded-For).
  adapter.set('trust proxy', 'loopback');
  adapter.set('etag', false);
  adapter.set('x-powered-by', false);
  return adapter;
}

/**
 * A JSON body read as text: the depth is capped because everything after the parser walks the value recursively,
 * and `__proto__` / `constructor.prototype` keys are refused so that no body can reach an object's prototype.
 */
function parseJson(req: Request): void {
  if (req.body.length === 0) {
    req.body = {};
    return;
  }
  if (jsonDepthExceeds(req.body, MAX_JSON_DEPTH)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `JSON body nested deeper than ${MAX_JSON_DEPTH} levels / 请求体 JSON 嵌套层数过多`,
    );
  }
  try {
    req.body = sjson.parse(req.body, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'Malformed JSON body / 请求体不是合法 JSON');
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * body-parser decodes bytes that are not UTF-8 as U+FFFD without a word, so a name would be stored
 * other than it was sent; such a body is refused instead (a 400 from body-parser's verify hook).
 */
function refuseInvalidUtf8(_req: unknown, _res: unknown, buf: Buffer, encoding: string): void {
  if (!/^utf-?8$/i.test(encoding)) return;
  try {
    utf8.decode(buf);
  } catch {
    throw Object.assign(new Error('Request body is not valid UTF-8 (UTF-8 编码无效)'), { status: 400 });
  }
}

/** Runs an Express middleware as a promise. */
const run = (mw: RequestHandler, req: Request, res: Response) =>
  new Promise<void>((resolve, reject) => mw(req, res, (err?: unknown) => (err ? reject(err) : resolve())));

/**
 * One Express layer ahead of the routes. Correlation id and security headers come first, so every answer has them,
 * a refused body and a streamed download included. The body is NOT read here: the access guard calls `readBody` once
 * it has let the request in (common/http/request-body.ts); other types than JSON and forms stay unread, so the DTO
 * says what is missing, and .xlsx uploads are read by their route's interceptor.
 */
export function readRequest(limit: number): RequestHandler {
  const readJson = text({ type: 'application/json', limit, verify: refuseInvalidUtf8 });
  const readForm = urlencoded({ extended: false, limit, verify: refuseInvalidUtf8 });
  return (req, res, next) => {
    req.id = correlationIdOf(req);
    res.setHeader('X-Correlation-Id', req.id);
    setSecurityHeaders(req, res);
    let reading: Promise<void> | undefined;
    req.readBody = () =>
      (reading ??= (async () => {
        await run(readJson, req, res);
        if (typeof req.body === 'string') parseJson(req);
        else await run(readForm, req, res);
      })());
    next();
  };
}

const documents = new WeakMap<NestExpressApplication, OpenAPIObject>();

/** The OpenAPI document configureApp built for this app (what /docs-json serves). */
export function openApiDocument(app: NestExpressApplication): OpenAPIObject {
  const document = documents.get(app);
  if (!document) throw new Error('configureApp(app) builds the OpenAPI document: call it first');
  return document;
}

/** Everything the running service and the e2e tests share: prefix, parsers, pipes, errors, docs. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const config = parseAppConfig(process.env);
  const limit = bodyLimitBytes(config.bodyLimit);
  app.use(readRequest(limit));
  // After readRequest, which gives the request its correlation id.
  app.use(app.get<RequestHandler>(HTTP_LOGGER));

  app.useLogger(app.get(Logger));
  // The public pages (/public, /public/notices/:id, /public/verify/:id …) are what notices print and link to.
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'public{/*path}', 'console{/*path}'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter(app.getHttpAdapter()));
  app.enableShutdownHooks();

  const document = createOpenApiDocument(app);
  documents.set(app, document);
  // Nest serves the document (/docs-json, /docs-yaml); swagger-ui-express the UI and its assets.
  SwaggerModule.setup('docs', app, document, { ui: false, jsonDocumentUrl: 'docs-json' });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(document));
  return app;
}
