import { randomInt } from 'node:crypto';
import { Client, ClientConfig } from 'pg';

/** The advisory-lock class of instance leases (first key of the two-key form); the second key is the instance's id. */
export const LEASE_CLASS = 0x51_4c_18_03;

/**
 * This process's lease on being alive: a session advisory lock on a connection of its own, which PostgreSQL drops the
 * moment that connection goes, so another instance can tell a dead owner's claim from a live one without clocks.
 */
export class InstanceLease {
  private held?: Promise<{ client: Client; id: number }>;

  constructor(private readonly config: ClientConfig) {}

  /** The id of the lease held now, taking a new one if the last connection was lost. */
  async id(): Promise<number> {
    if (!this.held) {
      const taking = this.take(() => {
        if (this.held === taking) this.held = undefined;
      });
      this.held = taking;
    }
    return (await this.held).id;
  }

  /** Of the given ids, those whose owner still holds its lease. */
  async alive(ids: number[], query: (sql: string, params: unknown[]) => Promise<{ rows: { id: number }[] }>) {
    const { rows } = await query(
      `SELECT objid::int AS id FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid::bigint = $1 AND objid::int = ANY($2)
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [LEASE_CLASS, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  async close(): Promise<void> {
    const held = this.held;
    this.held = undefined;
    if (held) await (await held.catch(() => undefined))?.client.end();
  }

  private async take(lost: () => void): Promise<{ client: Client; id: number }> {
    const client = new Client({
      ...this.config,
      keepAlive: true,
      // The server probes a silent client after 5 s, so a crashed host's lease ends in about 11 s.
      options: '-c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3',
    });
    // A lost connection is a lost lease: claims made under it now look abandoned, and the next claim takes a new one.
    client.on('error', lost).on('end', lost);
    try {
      await client.connect();
      for (;;) {
        const id = randomInt(1, 2 ** 31 - 1);
        const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1, $2) AS ok`, [
          LEASE_CLASS,
          id,
        ]);
        if (rows[0].ok) return { client, id };
      }
    } catch (err) {
      lost();
      await client.end().catch(() => undefined);
      throw err;
    }
  }
}
