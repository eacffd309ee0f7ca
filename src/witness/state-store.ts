/**
 * The witness's record per log: the latest checkpoint it cosigned. Updated by compare-and-swap on the old size and
 * root, durably, before a cosignature leaves the process, so a kill at any point never lets it cosign two
 * different trees of one size (tlog-witness: check and persist atomically).
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';

export interface LogState {
  size: number;
  rootHash: Buffer;
  /** The checkpoint as cosigned: the log's signatures and the witness's cosignature. */
  note: string;
}

export interface StateStore {
  get(origin: string): Promise<LogState | null>;
  /** Replaces the record iff it still is `expected` (null: none yet); false when another request got there first. */
  swap(origin: string, expected: LogState | null, next: LogState): Promise<boolean>;
  close(): Promise<void>;
}

export type CrashPoint = 'verified' | 'temp-written' | 'stored';
export type CrashHook = (point: CrashPoint) => void;

export const originHash = (origin: string) => createHash('sha256').update(origin, 'utf8').digest('hex');

const same = (a: LogState | null, b: LogState | null) =>
  a === b || (!!a && !!b && a.size === b.size && a.rootHash.equals(b.rootHash));

interface StateFile {
  origin: string;
  size: number;
  rootHash: string;
  note: string;
}

/** One JSON file per log under dir/logs, replaced by write-temp, fsync, rename, fsync(dir). */
export class FileStateStore implements StateStore {
  private readonly dir: string;
  private readonly cache = new Map<string, LogState>();
  private serial = 0;

  constructor(
    root: string,
    private readonly hook: CrashHook = () => {},
  ) {
    this.dir = join(root, 'logs');
    mkdirSync(this.dir, { recursive: true });
    for (const file of readdirSync(this.dir).filter((f) => f.endsWith('.json'))) {
      const s = JSON.parse(readFileSync(join(this.dir, file), 'utf8')) as StateFile;
      this.cache.set(s.origin, { size: s.size, rootHash: Buffer.from(s.rootHash, 'base64'), note: s.note });
    }
  }

  async get(origin: string): Promise<LogState | null> {
    return this.cache.get(origin) ?? null;
  }

  async swap(origin: string, expected: LogState | null, next: LogState): Promise<boolean> {
    // Callers serialise per origin (Witness.lock); the cache is this process's view of its own directory.
    if (!same(this.cache.get(origin) ?? null, expected)) return false;
    const file = join(this.dir, `${originHash(origin)}.json`);
    const temp = `${file}.tmp-${process.pid}-${this.serial++}`;
    const data: StateFile = { origin, size: next.size, rootHash: next.rootHash.toString('base64'), note: next.note };
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, JSON.stringify(data));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.hook('temp-written');
    renameSync(temp, file);
    const dirFd = openSync(this.dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
    this.cache.set(origin, next);
    return true;
  }

  async close(): Promise<void> {}
}

/** The same record in PostgreSQL (WITNESS_DATABASE_URL); the UPDATE's WHERE is the compare-and-swap. */
export class DbStateStore implements StateStore {
  private constructor(private readonly pool: Pool) {}

  static async open(url: string): Promise<DbStateStore> {
    const pool = new Pool({ connectionString: url, max: 4 });
    await pool.query(`
      CREATE TABLE IF NOT EXISTS witness_log_state (
        origin text NOT NULL,
        size bigint NOT NULL,
        root_hash bytea NOT NULL,
        note text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_witness_log_state PRIMARY KEY (origin)
      )`);
    return new DbStateStore(pool);
  }

  async get(origin: string): Promise<LogState | null> {
    const { rows } = await this.pool.query<{ size: string; root_hash: Buffer; note: string }>(
      `SELECT size, root_hash, note FROM witness_log_state WHERE origin = $1`,
      [origin],
    );
    return rows.length ? { size: Number(rows[0].size), rootHash: rows[0].root_hash, note: rows[0].note } : null;
  }

  async swap(origin: string, expected: LogState | null, next: LogState): Promise<boolean> {
    const result = expected
      ? await this.pool.query(
          `UPDATE witness_log_state SET size = $4, root_hash = $5, note = $6, updated_at = now()
            WHERE origin = $1 AND size = $2 AND root_hash = $3`,
          [origin, expected.size, expected.rootHash, next.size, next.rootHash, next.note],
        )
      : await this.pool.query(
          `INSERT INTO witness_log_state (origin, size, root_hash, note) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [origin, next.size, next.rootHash, next.note],
        );
    return result.rowCount === 1;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
