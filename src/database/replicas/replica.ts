import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { dataSourceOptions } from '../data-source-options';
import { parseLsn } from './lsn';
import { replicaName } from './replica-config';

/** application_name of the service's sessions on a replica. */
export const REPLICA_APPLICATION_NAME = 'sunshine-ledger-reads';

export type ReplicaStatus = 'ok' | 'lagging' | 'down';

export interface ReplicaState {
  status: ReplicaStatus;
  /** What the replica has replayed (pg_last_wal_replay_lsn) when last asked. */
  replayLsn?: bigint;
  /** How far behind the primary it was then, in seconds (see ReadRouter for how it is measured). */
  lagSeconds?: number;
  /** Why it is down. */
  error?: string;
}

/** What one probe of a replica returns. */
export interface ReplicaProbe {
  replayLsn: bigint;
  /** Seconds since the last transaction it replayed was committed on the primary (null: none since it started). */
  sinceReplay: number | null;
}

/**
 * One streaming replica: its own pool (opened on first use, so a replica down at boot stops nothing) and the state
 * its last probe found. Only ReadRouter talks to it.
 */
export class Replica {
  readonly name: string;
  state: ReplicaState = { status: 'down', error: 'not checked yet' };
  private ds?: DataSource;
  private opening?: Promise<DataSource>;

  constructor(
    private readonly url: string,
    private readonly poolSize: number,
  ) {
    this.name = replicaName(url);
  }

  /** The pool, when it is open. */
  get source(): DataSource | undefined {
    return this.ds?.isInitialized ? this.ds : undefined;
  }

  async probe(): Promise<ReplicaProbe> {
    const ds = await this.open();
    const [row]: Array<{ standby: boolean; replay: string | null; since: number | null }> = await ds.query(
      `SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replay,
              extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS since`,
    );
    // A promoted replica is a primary of its own: reading from it could show a history the primary never had.
    if (!row.standby) throw new Error('not a standby (promoted?)');
    const replayLsn = parseLsn(row.replay);
    if (replayLsn === undefined) throw new Error('no WAL replayed yet');
    return { replayLsn, sinceReplay: row.since };
  }

  async close(): Promise<void> {
    const ds = await this.opening?.catch(() => undefined);
    if (ds?.isInitialized) await ds.destroy();
  }

  private open(): Promise<DataSource> {
    if (this.ds?.isInitialized) return Promise.resolve(this.ds);
    this.opening ??= (async () => {
      const options = dataSourceOptions(this.url, this.poolSize) as PostgresConnectionOptions;
      // A hot standby is read-only: no extension to install, no migration to run.
      const ds = new DataSource({
        ...options,
        migrations: [],
        installExtensions: false,
        // The name shows which sessions on the replica are the service's reads (pg_stat_activity).
        extra: { ...options.extra, connectionTimeoutMillis: 2000, application_name: REPLICA_APPLICATION_NAME },
      });
      try {
        await ds.initialize();
      } catch (err) {
        this.opening = undefined;
        throw err;
      }
      this.ds = ds;
      return ds;
    })();
    return this.opening;
  }
}
