import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { appConfig, type AppConfig } from '../../config/app.config';
import { formatLsn, parseLsn } from './lsn';
import { readContext } from './read-context';
import { Replica, ReplicaProbe, ReplicaStatus } from './replica';
import type { ReplicaConfig } from './replica-config';

export interface ReplicaHealth {
  name: string;
  status: ReplicaStatus;
  replayLsn?: string;
  lagSeconds?: number;
  error?: string;
}

/**
 * Where a read goes: the primary, or a replica that is up, within REPLICA_MAX_LAG_SECONDS and past the caller's last
 * write. Probes run in the background of the read that finds the state stale, so a read never waits for one. Lag is
 * `now − t`, t the last moment whose primary WAL position the replica has replayed: commit timestamps would make an
 * idle primary look like a lagging replica.
 */
@Injectable()
export class ReadRouter implements OnApplicationShutdown {
  private readonly logger = new Logger('ReadRouter');
  private readonly config: ReplicaConfig;
  private readonly replicas: Replica[];
  /** The primary's WAL position at each probe, oldest first, kept for a little longer than the lag limit. */
  private samples: Array<{ at: number; lsn: bigint }> = [];
  private checkedAt = 0;
  private refreshing?: Promise<void>;
  private turn = 0;

  constructor(
    @InjectDataSource() private readonly primary: DataSource,
    @Inject(appConfig.KEY) app: Pick<AppConfig, 'replicas'>,
  ) {
    this.config = app.replicas;
    this.replicas = this.config.urls.map((url) => new Replica(url, this.config.poolSize));
  }

  /** Every read on `primary` (scripts and benches that build services by hand). */
  static primaryOnly(primary: DataSource): ReadRouter {
    return new ReadRouter(primary, { replicas: { urls: [], maxLagSeconds: 0, checkMs: 1000, poolSize: 2 } });
  }

  get enabled(): boolean {
    return this.replicas.length > 0;
  }

  /** The DataSource for this read: in an HTTP GET, a replica when one can answer; else the primary. */
  source(): DataSource {
    if (!this.enabled) return this.primary;
    const ctx = readContext.getStore();
    if (!ctx || ctx.write) return this.primary;
    if (!ctx.source) {
      const replica = this.pick(ctx.minLsn);
      ctx.source = replica?.source ?? this.primary;
      ctx.replica = replica?.name;
    }
    return ctx.source;
  }

  /** The primary's WAL insert position now: at or past the end of every transaction committed so far. */
  async commitLsn(): Promise<string> {
    const [row]: Array<{ lsn: string }> = await this.primary.query(`SELECT pg_current_wal_insert_lsn()::text AS lsn`);
    return row.lsn;
  }

  /** A replica a read just failed on is left alone until the next probe finds it answering again. */
  markDown(name: string, err: unknown): void {
    const replica = this.replicas.find((r) => r.name === name);
    if (!replica) return;
    replica.state = { status: 'down', error: String((err as Error)?.message ?? err) };
    this.logger.warn(`replica ${name} failed a read, skipped until it answers: ${replica.state.error}`);
  }

  /** Every replica as a fresh probe finds it (for /health). */
  async health(): Promise<ReplicaHealth[]> {
    await this.refresh();
    return this.replicas.map((r) => ({
      name: r.name,
      status: r.state.status,
      replayLsn: r.state.replayLsn === undefined ? undefined : formatLsn(r.state.replayLsn),
      lagSeconds: r.state.lagSeconds === undefined ? undefined : Math.round(r.state.lagSeconds * 1000) / 1000,
      error: r.state.error,
    }));
  }

  /** Probes the primary's position and every replica; concurrent callers share one probe. */
  refresh(): Promise<void> {
    this.refreshing ??= this.probeAll().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.refreshing?.catch(() => undefined);
    await Promise.all(this.replicas.map((r) => r.close()));
  }

  private pick(minLsn: bigint | undefined): Replica | undefined {
    const now = Date.now();
    if (now - this.checkedAt > this.config.checkMs) void this.refresh().catch(() => undefined);
    // State older than a few probe intervals (probes failing or hanging) is not trusted with anyone's read.
    if (now - this.checkedAt > 4 * this.config.checkMs + 1000) return undefined;
    const usable = this.replicas.filter(
      (r) =>
        r.state.status === 'ok' &&
        r.source &&
        (minLsn === undefined || (r.state.replayLsn !== undefined && r.state.replayLsn >= minLsn)),
    );
    if (!usable.length) return undefined;
    return usable[this.turn++ % usable.length];
  }

  private async probeAll(): Promise<void> {
    const at = Date.now();
    let primaryLsn: bigint | undefined;
    try {
      const [row]: Array<{ lsn: string }> = await this.bounded(
        this.primary.query(`SELECT pg_current_wal_lsn()::text AS lsn`),
      );
      primaryLsn = parseLsn(row.lsn);
    } catch {
      primaryLsn = undefined;
    }
    if (primaryLsn !== undefined) this.remember(at, primaryLsn);
    // Tagged results, not `instanceof Error`: an error made in another realm (jest's) is no instance of this one's.
    const probes = await Promise.all(
      this.replicas.map((r) =>
        this.bounded(r.probe()).then(
          (probe): { probe: ReplicaProbe } | { error: string } => ({ probe }),
          (err: unknown) => ({ error: String((err as Error)?.message ?? err) }),
        ),
      ),
    );
    const now = Date.now();
    probes.forEach((result, i) => {
      const replica = this.replicas[i];
      const was = replica.state.status;
      if ('error' in result) {
        replica.state = { status: 'down', error: result.error };
      } else {
        const probe = result.probe;
        const lagSeconds = this.lagOf(probe, primaryLsn, now);
        const status = lagSeconds > this.config.maxLagSeconds ? 'lagging' : 'ok';
        replica.state = { status, replayLsn: probe.replayLsn, lagSeconds };
      }
      if (replica.state.status !== was && this.checkedAt)
        this.logger.log(`replica ${replica.name}: ${was} → ${replica.state.status}`);
    });
    this.checkedAt = now;
  }

  /**
   * A probe that does not answer in time counts as failed: a server gone silent (no reset, no refusal) would
   * otherwise hold the shared probe, and /health with it, for as long as TCP takes to give up.
   */
  private bounded<T>(work: Promise<T>): Promise<T> {
    const ms = Math.max(2000, 4 * this.config.checkMs);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  private lagOf(probe: ReplicaProbe, primaryLsn: bigint | undefined, now: number): number {
    if (primaryLsn !== undefined && probe.replayLsn >= primaryLsn) return 0;
    let caughtUpAt: number | undefined;
    for (const s of this.samples) if (s.lsn <= probe.replayLsn) caughtUpAt = s.at;
    if (caughtUpAt !== undefined) return (now - caughtUpAt) / 1000;
    // Behind every position seen: at least as old as the history, which covers the lag limit once the service
    // has run that long; before that, the age of the last transaction it replayed is the best bound there is.
    const history = this.samples.length ? (now - this.samples[0].at) / 1000 : 0;
    if (history > this.config.maxLagSeconds) return history;
    return probe.sinceReplay ?? Number.POSITIVE_INFINITY;
  }

  private remember(at: number, lsn: bigint): void {
    this.samples.push({ at, lsn });
    const keepMs = this.config.maxLagSeconds * 1000 + 10 * this.config.checkMs;
    while (this.samples.length > 2 && at - this.samples[1].at > keepMs) this.samples.shift();
  }
}
