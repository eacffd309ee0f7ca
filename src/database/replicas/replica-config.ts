export interface ReplicaConfig {
  /** Streaming replicas of DATABASE_URL (DATABASE_REPLICA_URLS, comma-separated); empty: every read on the primary. */
  urls: string[];
  /** A replica further behind than this is skipped until it catches up (REPLICA_MAX_LAG_SECONDS). */
  maxLagSeconds: number;
  /** How long a replica's probed state (replay position, lag, up or down) is trusted (REPLICA_CHECK_MS). */
  checkMs: number;
  /** Connections per replica (REPLICA_POOL_SIZE, default DB_POOL_SIZE). */
  poolSize: number;
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new Error(`Config ${name}=${raw} must be a number between ${min} and ${max}`);
  return value;
}

export function parseReplicaConfig(env: NodeJS.ProcessEnv, dbPoolSize: number): ReplicaConfig {
  const urls = (env.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const url of urls) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^postgres(ql)?:$/.test(parsed.protocol))
      throw new Error('Config DATABASE_REPLICA_URLS must be postgres:// URLs separated by commas');
  }
  return {
    urls,
    maxLagSeconds: numberFrom(env, 'REPLICA_MAX_LAG_SECONDS', 5, 0, 86_400),
    checkMs: numberFrom(env, 'REPLICA_CHECK_MS', 500, 50, 60_000),
    poolSize: Math.round(numberFrom(env, 'REPLICA_POOL_SIZE', dbPoolSize, 2, 500)),
  };
}

/** host:port/database of a URL, for /health and logs: never its user or password. */
export function replicaName(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}
