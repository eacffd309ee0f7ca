import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor, Role } from '../auth/role';

/** A session ends after this long without a request, and in any case this long after sign-in. */
export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 12 * 3600_000;
/** last_seen_at is written at most this often, so that most page views are one read. */
const TOUCH_MS = 60_000;

export interface SessionInfo {
  idHash: Buffer;
  actor: Actor;
  regionName: string;
  username: string | null;
  mustChangePassword: boolean;
  /** The synchronizer token every console form carries in `_csrf`. */
  csrf: string;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();
const csrfOf = (secret: Buffer) => createHmac('sha256', secret).update('console-form').digest('base64url');

/** Server-side sessions of the console (table console_session); the cookie holds only a random id. */
@Injectable()
export class ConsoleSessions {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Starts a session; the answer is the cookie value, kept nowhere else (only its SHA-256 is stored). */
  async create(userId: string): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    // The user's ended sessions go at its next sign-in, so the table holds about one row per active browser.
    await this.db.query(
      `DELETE FROM console_session
        WHERE user_id = $1 AND (revoked_at IS NOT NULL OR expires_at < clock_timestamp()
              OR last_seen_at < clock_timestamp() - $2 * interval '1 millisecond')`,
      [userId, IDLE_MS],
    );
    await this.db.query(
      `INSERT INTO console_session (id_hash, user_id, csrf_secret, expires_at)
       VALUES ($1, $2, $3, clock_timestamp() + $4 * interval '1 millisecond')`,
      [sha256(id), userId, randomBytes(32), ABSOLUTE_MS],
    );
    return id;
  }

  /** The live session of this cookie value, or null (unknown, signed out, expired, idle, user disabled). */
  async resolve(id: string): Promise<SessionInfo | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const idHash = sha256(id);
    const rows: Array<{
      user_id: string;
      name: string;
      role: Role;
      region_code: string;
      region_name: string | null;
      username: string | null;
      must_change_password: boolean;
      csrf_secret: Buffer;
      stale: boolean;
    }> = await this.db.query(
      `SELECT u.id AS user_id, u.name, u.role, u.region_code, r.name AS region_name, u.username,
              u.must_change_password, s.csrf_secret,
              s.last_seen_at < clock_timestamp() - $2 * interval '1 millisecond' AS stale
         FROM console_session s JOIN app_user u ON u.id = s.user_id LEFT JOIN region r ON r.code = u.region_code
        WHERE s.id_hash = $1 AND s.revoked_at IS NULL AND u.revoked_at IS NULL
          AND s.expires_at > clock_timestamp() AND s.last_seen_at > clock_timestamp() - $3 * interval '1 millisecond'`,
      [idHash, TOUCH_MS, IDLE_MS],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.stale) {
      await this.db.query(`UPDATE console_session SET last_seen_at = clock_timestamp() WHERE id_hash = $1`, [idHash]);
    }
    return {
      idHash,
      actor: { userId: row.user_id, name: row.name, role: row.role, regionCode: row.region_code },
      regionName: row.region_name ?? row.region_code,
      username: row.username,
      mustChangePassword: row.must_change_password,
      csrf: csrfOf(row.csrf_secret),
    };
  }

  /** Sign-out. */
  async revoke(idHash: Buffer): Promise<void> {
    await this.db.query(`UPDATE console_session SET revoked_at = clock_timestamp() WHERE id_hash = $1`, [idHash]);
  }

  /** Ends every session of a user but the one given (a password change keeps its own browser signed in). */
  async revokeUser(userId: string, except?: Buffer): Promise<void> {
    await this.db.query(
      `UPDATE console_session SET revoked_at = clock_timestamp()
        WHERE user_id = $1 AND revoked_at IS NULL AND ($2::bytea IS NULL OR id_hash <> $2)`,
      [userId, except ?? null],
    );
  }
}

/** Compares a submitted `_csrf` with the session's, in constant time. */
export function csrfMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
