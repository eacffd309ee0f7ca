import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler/dist/throttler.guard.interface';
import type { Response } from 'express';
import { DomainError } from '../errors/domain-error';
import { rateLimitOf } from './rate-limit.decorator';

/** The answer to a client over a limit: 429 in the error shape of API.md, with Retry-After. */
export function tooManyRequests(res: Response, retryAfterSeconds: number): DomainError {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  return new DomainError(
    'TOO_MANY_REQUESTS',
    `Too many requests from this address; try again in ${retryAfterSeconds} s / 请求过于频繁,请稍后再试`,
    { retryAfterSeconds },
  );
}

/**
 * @nestjs/throttler's guard, answering as every other refusal does (its own exception has no code
 * and its header would be Retry-After-<name> for a named limit).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** Most routes take no limit: they skip the throttler's per-limit lookups altogether. */
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(rateLimitOf(context) === undefined);
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw tooManyRequests(context.switchToHttp().getResponse<Response>(), Math.max(1, detail.timeToBlockExpire));
  }
}
