/** A limit: at most `limit` counted requests per client address in each window of `windowSeconds`. */
export interface RateLimitSetting {
  limit: number;
  windowSeconds: number;
}

export interface RateLimits {
  /** Objections filed (the one public write). */
  objections: RateLimitSetting | null;
  /** Reads of the public surface: notices, their PDFs, proofs, open data, public pages. */
  public: RateLimitSetting | null;
  /** Failed token checks (and, later, the console's failed sign-ins). */
  signIn: RateLimitSetting | null;
}

/** `N/S`: N per S seconds; `0` (or `off`): no limit. */
function settingFrom(env: NodeJS.ProcessEnv, name: string, fallback: string): RateLimitSetting | null {
  const raw = (env[name] || fallback).trim();
  if (raw === '0' || raw === 'off') return null;
  const m = /^(\d{1,7})\s*\/\s*(\d{1,6})$/.exec(raw);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
    throw new Error(`Config ${name}=${raw} must be N/S (N requests per S seconds, e.g. 5/60) or 0 for no limit`);
  }
  return { limit: Number(m[1]), windowSeconds: Number(m[2]) };
}

/** RATE_LIMIT_* (README): the defaults keep the former objection limit and leave room for a busy notice day. */
export function parseRateLimits(env: NodeJS.ProcessEnv): RateLimits {
  return {
    objections: settingFrom(env, 'RATE_LIMIT_OBJECTIONS', '5/60'),
    public: settingFrom(env, 'RATE_LIMIT_PUBLIC', '600/60'),
    signIn: settingFrom(env, 'RATE_LIMIT_SIGN_IN', '20/60'),
  };
}
