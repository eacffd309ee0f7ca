import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The Idempotency-Key of this POST scoped by its caller (`<caller>|<key>`), as the idempotency
 * interceptor left it on the request; undefined without a key. Services hand it to the journal,
 * which dedupes on it too.
 */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined => ctx.switchToHttp().getRequest<Request>().idempotencyKey,
);
