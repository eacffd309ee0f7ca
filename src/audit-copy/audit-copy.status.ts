import { Client } from 'pg';
import { AUDIT_COPY } from './audit-copy.tables';
import { REFUSAL_SEQUENCES } from './audit-copy.setup';

export interface RefusedRow {
  table: string;
  operation: 'UPDATE' | 'DELETE' | 'TRUNCATE';
  book?: string;
  /** seq of journal_entry / journal_posting, tree_size of a checkpoint, idx of a tree node. */
  seq?: number;
  at: string;
}

export interface AuditCopyStatus {
  ok: boolean;
  subscription: string;
  enabled: boolean;
  /** The apply worker's process, null when replication is stopped. */
  worker: number | null;
  receivedLsn: string | null;
  lastMessageAt: string | null;
  applyErrors: number;
  syncErrors: number;
  tables: { ready: number; total: number };
  /** The last row the copy refused to change, if any: why replication stopped. */
  refused?: RefusedRow;
}

const OPERATIONS = ['UPDATE', 'DELETE', 'TRUNCATE'] as const;

/**
 * The copy as its own server sees it: pg_subscription / pg_stat_subscription / pg_stat_subscription_stats say
 * whether replication runs and how often it failed — PostgreSQL 15 records no more about an apply error than its
 * log line — and the refusal sequences written by the copy's trigger say which row stopped it.
 */
export async function auditCopyStatus(copyUrl: string): Promise<AuditCopyStatus> {
  const c = new Client({ connectionString: copyUrl });
  await c.connect();
  try {
    const { rows } = await c.query(
      `SELECT s.oid, s.subenabled AS enabled, st.pid, st.received_lsn::text AS received,
              st.last_msg_receipt_time AS last_msg, ss.apply_error_count::int AS apply_errors,
              ss.sync_error_count::int AS sync_errors
         FROM pg_subscription s
         LEFT JOIN pg_stat_subscription st ON st.subid = s.oid AND st.relid IS NULL
         LEFT JOIN pg_stat_subscription_stats ss ON ss.subid = s.oid
        WHERE s.subname = $1`,
      [AUDIT_COPY],
    );
    if (!rows.length) throw new Error(`No subscription ${AUDIT_COPY} on this server: run audit-copy init first`);
    const s = rows[0];
    const [tables] = (
      await c.query<{ ready: number; total: number }>(
        `SELECT count(*) FILTER (WHERE srsubstate = 'r')::int AS ready, count(*)::int AS total
           FROM pg_subscription_rel WHERE srsubid = $1`,
        [s.oid],
      )
    ).rows;
    const refused = await refusedRow(c);
    const status: AuditCopyStatus = {
      ok: false,
      subscription: AUDIT_COPY,
      enabled: s.enabled,
      worker: s.pid ?? null,
      receivedLsn: s.received ?? null,
      lastMessageAt: s.last_msg ? new Date(s.last_msg).toISOString() : null,
      applyErrors: s.apply_errors ?? 0,
      syncErrors: s.sync_errors ?? 0,
      tables,
      refused,
    };
    status.ok = status.enabled && status.worker !== null && !refused && tables.ready === tables.total;
    return status;
  } finally {
    await c.end();
  }
}

async function refusedRow(c: Client): Promise<RefusedRow | undefined> {
  const [row] = (
    await c.query<Record<string, string>>(
      `SELECT ${REFUSAL_SEQUENCES.map((seq, i) => `(SELECT last_value::text FROM ${seq}) AS v${i}`).join(', ')}`,
    )
  ).rows;
  const values = REFUSAL_SEQUENCES.map((_, i) => BigInt(row[`v${i}`]));
  const [table, op, book, key, at] = values;
  if (table === 0n) return undefined;
  const [{ name }] = (await c.query<{ name: string }>(`SELECT $1::oid::regclass::text AS name`, [table.toString()]))
    .rows;
  return {
    table: name,
    operation: OPERATIONS[Number(op) - 1] ?? 'UPDATE',
    book: book > 1n ? book.toString().slice(1) : undefined,
    seq: key > 0n ? Number(key - 1n) : undefined,
    at: new Date(Number(at) * 1000).toISOString(),
  };
}

/** One line for a person: what stopped, and where. */
export function describeStatus(s: AuditCopyStatus): string {
  if (s.refused) {
    const r = s.refused;
    const where = r.book ? ` (book ${r.book}${r.seq !== undefined ? `, seq ${r.seq}` : ''})` : '';
    return (
      `REFUSED: ${r.operation} of ${r.table}${where} at ${r.at} — replication ` +
      `${s.enabled ? 'retrying' : 'stopped'}; the copy keeps the row as first published`
    );
  }
  if (!s.enabled) return 'STOPPED: the subscription is disabled';
  if (s.worker === null) return 'NOT RUNNING: no apply worker (the county unreachable?)';
  if (s.tables.ready < s.tables.total) return `COPYING: ${s.tables.ready} of ${s.tables.total} tables copied`;
  return `OK: streaming, last message ${s.lastMessageAt ?? 'none yet'}`;
}
