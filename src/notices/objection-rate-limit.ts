import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';

/** Objections a client may file in a burst, and how many it gets back per minute. */
export const OBJECTION_BURST = 5;
export const OBJECTION_REFILL_PER_MINUTE = 5;
const MAX_CLIENTS = 100_000;

/**
 * A token bucket per client IP for the one write the public may make without logging in. In memory on
 * purpose: no database write per attempt, and a restart losing buckets is harmless. Each instance keeps
 * its own (N × the limit at most); enforce it at the proxy if that matters. Full map: oldest dropped.
 */
@Injectable()
export class ObjectionRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly burst = OBJECTION_BURST;
  private readonly perMinute = OBJECTION_REFILL_PER_MINUTE;

  /** Takes one token for the client or throws TOO_MANY_REQUESTS. `now` is injectable for tests. */
  take(client: string, now = Date.now()): void {
    const bucket = this.buckets.get(client) ?? { tokens: this.burst, at: now };
    const tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute);
    if (tokens < 1) {
      const retryAfterSeconds = Math.ceil(((1 - tokens) / this.perMinute) * 60);
      throw new DomainError(
        'TOO_MANY_REQUESTS',
        `Too many objections from this address; try again in ${retryAfterSeconds} s / 提交过于频繁,请稍后再试`,
        { retryAfterSeconds },
      );
    }
    this.buckets.delete(client);
    if (this.buckets.size >= MAX_CLIENTS) this.buckets.delete(this.buckets.keys().next().value!);
    this.buckets.set(client, { tokens: tokens - 1, at: now });
  }
}
