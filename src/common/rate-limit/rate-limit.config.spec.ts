import { parseRateLimits } from './rate-limit.config';

describe('RATE_LIMIT_* configuration', () => {
  it('has defaults, reads N/S, and 0 or off turns a limit off', () => {
    expect(parseRateLimits({})).toEqual({
      objections: { limit: 5, windowSeconds: 60 },
      public: { limit: 600, windowSeconds: 60 },
      signIn: { limit: 20, windowSeconds: 60 },
    });
    expect(
      parseRateLimits({ RATE_LIMIT_PUBLIC: ' 1000 / 10 ', RATE_LIMIT_OBJECTIONS: '0', RATE_LIMIT_SIGN_IN: 'off' }),
    ).toEqual({ objections: null, public: { limit: 1000, windowSeconds: 10 }, signIn: null });
  });

  it.each(['5', '5/0', '0/60', '-1/60', '5/60s', 'lots'])('refuses %p, naming the variable', (value) => {
    expect(() => parseRateLimits({ RATE_LIMIT_PUBLIC: value })).toThrow(/^Config RATE_LIMIT_PUBLIC=.* must be N\/S/);
  });
});
