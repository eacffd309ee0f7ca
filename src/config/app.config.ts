import { ConfigType, registerAs } from '@nestjs/config';
import { resolve } from 'node:path';
import { parseRateLimits } from '../common/rate-limit/rate-limit.config';
import { parseAuditThresholds } from '../audit/findings/thresholds';
import { parseWitnesses } from '../journal/witnesses/witnesses-config';
import { parseReplicaConfig } from '../database/replicas/replica-config';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`Config ${name}=${raw} must be an integer between ${min} and ${max}`);
  }
  return value;
}

/** A secret given as base64 of exactly `bytes` bytes; the message never repeats the value. */
function base64KeyFrom(env: NodeJS.ProcessEnv, name: string, bytes: number): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw) || Buffer.from(raw, 'base64').length !== bytes) {
    throw new Error(`Config ${name} must be base64 of exactly ${bytes} bytes (e.g. openssl rand -base64 ${bytes})`);
  }
  return raw;
}

/** Reads and checks the environment once at boot; a bad value stops the start with its name. */
export function parseAppConfig(env: NodeJS.ProcessEnv) {
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`Config LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const adminToken = env.ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new Error('Config ADMIN_TOKEN must be at least 16 characters');
  }
  const ocdsOcidPrefix = env.OCDS_OCID_PREFIX || 'ocds-000000';
  if (!/^ocds-[a-z0-9]{6}$/.test(ocdsOcidPrefix))
    throw new Error('Config OCDS_OCID_PREFIX must be an OCDS prefix: ocds- and 6 lowercase letters or digits');
  const assetPriorityCheck = (env.ASSET_PRIORITY_CHECK || 'warn') as 'warn' | 'off';
  if (!['warn', 'off'].includes(assetPriorityCheck)) throw new Error('Config ASSET_PRIORITY_CHECK must be warn or off');
  const witnesses = parseWitnesses(env.WITNESSES);
  const dbPoolSize = intFrom(env, 'DB_POOL_SIZE', 20, 2, 500);
  return {
    port: intFrom(env, 'PORT', 3000, 0, 65535),
    dataDir: resolve(env.DATA_DIR || './.data'),
    adminToken,
    logLevel,
    /** Upper bound on a JSON request body; notices and imports have their own routes. */
    bodyLimit: env.BODY_LIMIT || '1mb',
    dbPoolSize,
    /** DATABASE_REPLICA_URLS, REPLICA_MAX_LAG_SECONDS, …: streaming replicas for reads (docs/replicas.md). */
    replicas: parseReplicaConfig(env, dbPoolSize),
    /** How often changed books get a signed checkpoint; 0 turns the timer off. */
    checkpointIntervalSeconds: intFrom(env, 'CHECKPOINT_INTERVAL_SECONDS', 60, 0, 86_400),
    /** Who cosigns the checkpoints (docs/witness.md). */
    witnesses,
    /** Cosignatures a checkpoint needs before the verify page calls it witnessed (default 1 when any witness). */
    witnessQuorum: intFrom(env, 'WITNESS_QUORUM', Math.min(1, witnesses.length), 0, witnesses.length),
    /** How long one add-checkpoint request may take before the witness counts as down. */
    witnessTimeoutMs: intFrom(env, 'WITNESS_TIMEOUT_MS', 5000, 100, 120_000),
    /** Journal transactions in flight at once per instance (each takes a batch of appends). */
    journalLanes: intFrom(env, 'JOURNAL_LANES', 3, 1, 32),
    /** Advances (预付) on a project may total at most this share of its approved amount. */
    advanceLimitPercent: intFrom(env, 'ADVANCE_LIMIT_PERCENT', 30, 0, 100),
    /** Quality retention (质保金) held back from the final payment, as a share of the final cost. */
    retentionPercent: intFrom(env, 'RETENTION_PERCENT', 3, 0, 100),
    /** The retention is released no earlier than acceptance plus this many months. */
    retentionMonths: intFrom(env, 'RETENTION_MONTHS', 12, 0, 120),
    /** Base64 of 32 bytes protecting household ID numbers; unset → generated into DATA_DIR/household-key. */
    householdKey: base64KeyFrom(env, 'HOUSEHOLD_KEY', 32),
    /** Minimum publicity periods in days (DOMAIN.md); a notice with a shorter period is refused. */
    noticeMinDays: {
      application: intFrom(env, 'NOTICE_MIN_DAYS_APPLICATION', 7, 1, 365),
      approval: intFrom(env, 'NOTICE_MIN_DAYS_APPROVAL', 10, 1, 365),
      completion: intFrom(env, 'NOTICE_MIN_DAYS_COMPLETION', 5, 1, 365),
    },
    /** Asset income distributions warn when households without labour capacity were skipped (`warn`) or not (`off`). */
    assetPriorityCheck,
    /** The national supervision hotline printed on every notice next to the local number. */
    nationalHotline: env.NATIONAL_HOTLINE || '12317',
    /** Absolute base of the public pages, used in QR codes (e.g. https://ledger.example.gov.cn). */
    /** Thresholds of the audit findings (AUDIT_IDLE_DAYS, …; src/audit/findings/thresholds.ts). */
    audit: parseAuditThresholds(env),
    /** The ocid prefix of OCDS releases; a real one is registered with the OCDS Data Support team. */
    ocdsOcidPrefix,
    /** RATE_LIMIT_*: objections, public reads and failed token checks per client address (src/common/rate-limit). */
    rateLimits: parseRateLimits(env),
    /** Bytes of published notice PDFs kept rendered in memory (PDF_CACHE_MB); 0 renders every request. */
    pdfCacheBytes: intFrom(env, 'PDF_CACHE_MB', 64, 0, 4096) * 1024 * 1024,
    publicBaseUrl: (env.PUBLIC_BASE_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, ''),
  };
}

export const appConfig = registerAs('app', () => parseAppConfig(process.env));
export type AppConfig = ConfigType<typeof appConfig>;
