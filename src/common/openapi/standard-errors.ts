import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { IS_PUBLIC, ROLES_KEY } from '../../auth/access.decorators';
import { ERROR_STATUS } from '../errors/error-code';
import { RATE_LIMIT } from '../rate-limit/rate-limit.decorator';

/** What the guards and pipes of a route can refuse, read from its decorators. */
interface RouteFacts {
  isPublic: boolean;
  roles: boolean;
  rateLimited: boolean;
}

const ERROR_SCHEMA = 'ErrorBody';

/** The error shape of API.md (src/common/errors/error.filter.ts), as a component every error response points to. */
const errorBodySchema = {
  type: 'object',
  required: ['statusCode', 'code', 'message', 'correlationId'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    code: { type: 'string', enum: Object.keys(ERROR_STATUS), example: 'VALIDATION_FAILED' },
    message: { type: 'string', example: 'amount must be a decimal yuan string / 金额格式错误' },
    details: { description: 'What was wrong, per field or per row, when there is more to say' },
    correlationId: { type: 'string', description: 'Also the X-Correlation-Id header and in every log line' },
  },
};

function error(description: string, extra: Partial<ResponseObject> = {}): ResponseObject {
  return {
    description,
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } },
    ...extra,
  };
}

const TOO_MANY = error('Too many requests from this client (TOO_MANY_REQUESTS); wait Retry-After seconds', {
  headers: { 'Retry-After': { description: 'Seconds until the limit resets', schema: { type: 'integer' } } },
});

/** Facts per operationId (`Controller_method`, @nestjs/swagger's default) from the controllers' metadata. */
function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const proto = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const read = (key: string): unknown => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, metatype);
        facts.set(`${metatype.name}_${name}`, {
          isPublic: read(IS_PUBLIC) === true,
          roles: Array.isArray(read(ROLES_KEY)),
          rateLimited: read(RATE_LIMIT) !== undefined,
        });
      }
    }
  }
  return facts;
}

/**
 * The refusals an operation can answer, by what its route is (a private route 429 too: failed token checks are
 * limited). A response a controller declares itself is kept.
 */
function standardErrors(method: string, op: OperationObject, route: RouteFacts): Record<string, ResponseObject> {
  const params = op.parameters ?? [];
  const hasPathParam = params.some((p) => 'in' in p && p.in === 'path');
  const write = method !== 'get' && method !== 'head';
  const errors: Record<string, ResponseObject> = {};
  if (params.length > 0 || op.requestBody) errors['400'] = error('Invalid input (VALIDATION_FAILED)');
  if (!route.isPublic) {
    errors['401'] = error('No valid bearer token (UNAUTHENTICATED)');
    if (route.roles || write || params.length > 0) {
      errors['403'] = error("The token's role may not do this, or the region is outside its scope");
    }
  }
  if (hasPathParam) errors['404'] = error('No such resource (NOT_FOUND)');
  if (method === 'post') {
    errors['409'] = error('A conflicting state, or an Idempotency-Key reused with another body or still in progress');
  }
  if (op.requestBody) errors['413'] = error('Request body too large (PAYLOAD_TOO_LARGE)');
  if (write) errors['422'] = error('Refused by a business rule (e.g. INSUFFICIENT_FUNDS)');
  if (route.rateLimited || !route.isPublic) errors['429'] = TOO_MANY;
  return errors;
}

/**
 * Makes the document a contract: the error schema as a component, every operation's error
 * responses, and its security — the bearer token at the root, `security: []` on public routes.
 */
export function addStandardErrors(app: INestApplication, document: OpenAPIObject): OpenAPIObject {
  const facts = routeFacts(app);
  document.components = { ...document.components };
  document.components.schemas = { ...document.components.schemas, [ERROR_SCHEMA]: errorBodySchema };
  document.security = [{ bearer: [] }];
  for (const item of Object.values(document.paths)) {
    for (const [method, op] of Object.entries(item) as Array<[string, OperationObject]>) {
      if (!op?.operationId) continue;
      const route = facts.get(op.operationId);
      if (!route) throw new Error(`OpenAPI: no route found for operation ${op.operationId}`);
      op.responses = { ...standardErrors(method, op, route), ...op.responses };
      op.security = route.isPublic ? [] : [{ bearer: [] }];
    }
  }
  return document;
}
