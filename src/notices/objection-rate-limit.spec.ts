import { ObjectionRateLimiter } from './objection-rate-limit';

describe('ObjectionRateLimiter: a token bucket per client', () => {
  it('allows a burst of 5, then one more each twelfth of a minute', () => {
    const limiter = new ObjectionRateLimiter();
    for (let i = 0; i < 5; i++) limiter.take('a', 0);
    expect(() => limiter.take('a', 1000)).toThrow(
      expect.objectContaining({ code: 'TOO_MANY_REQUESTS', details: { retryAfterSeconds: 11 } }),
    );
    expect(() => limiter.take('a', 12_000)).not.toThrow();
    expect(() => limiter.take('a', 12_001)).toThrow(/Too many/);
    // Another client has its own bucket; a quiet client is back to a full burst, not more.
    expect(() => limiter.take('b', 12_001)).not.toThrow();
    for (let i = 0; i < 5; i++) limiter.take('a', 600_000);
    expect(() => limiter.take('a', 600_000)).toThrow(/Too many/);
  });
});
