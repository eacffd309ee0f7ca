import { type ExecutionContext, SetMetadata } from '@nestjs/common';

export const RATE_LIMIT = 'sl:rateLimit';

/**
 * The limits a route may take (RATE_LIMIT_* in README): `objections` for the one public write,
 * `public` (generous) for what anyone may read. Failed token checks have their own limiter
 * (SignInLimiter), since they are counted per failure, not per request.
 */
export type RateLimitName = 'objections' | 'public';

/** Counts every request to the route (or the controller's routes) against the named limit, per client address. */
export const RateLimit = (name: RateLimitName) => SetMetadata(RATE_LIMIT, name);

/** The limit a request's route takes, if any (the route's own over its controller's). */
export function rateLimitOf(context: ExecutionContext): RateLimitName | undefined {
  return (Reflect.getMetadata(RATE_LIMIT, context.getHandler()) ??
    Reflect.getMetadata(RATE_LIMIT, context.getClass())) as RateLimitName | undefined;
}
