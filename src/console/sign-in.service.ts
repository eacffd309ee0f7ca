import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { PgThrottlerStorage } from '../common/rate-limit/pg-throttler-storage';
import { SignInLimiter } from '../common/rate-limit/sign-in-limiter';
import { hashPassword, verifyPassword } from './password';

/** Failures of one username before it is locked, and for how long. */
export const LOCK_AFTER = 5;
export const LOCK_MS = 15 * 60_000;
/** Each failure in a row answers this much later (capped), so that guessing is slow before the lock. */
const SLOW_STEP_MS = 200;
const SLOW_MAX_MS = 1000;

export type SignInResult = { ok: true; userId: string } | { ok: false; locked: boolean };

/**
 * Username and password. An unknown username is counted in the rate-limit table under its hash, so that it too ends
 * up "locked" and the answers never tell whether a username exists.
 */
@Injectable()
export class SignInService {
  private readonly unknown: PgThrottlerStorage;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly limiter: SignInLimiter,
  ) {
    this.unknown = new PgThrottlerStorage(db);
  }

  async signIn(username: string, password: string, client: string, res: Response): Promise<SignInResult> {
    await this.limiter.assertAllowed(client, res);
    const rows: Array<{ id: string; password_hash: string | null; failed: number; locked: boolean }> =
      await this.db.query(
        `SELECT id, password_hash, failed_sign_ins AS failed,
                coalesce(locked_until > clock_timestamp(), false) AS locked
           FROM app_user WHERE username = $1 AND revoked_at IS NULL`,
        [username],
      );
    const user = rows[0];
    const unknownKey = `console-user:${createHash('sha256').update(username).digest('base64url')}`;
    const priorUnknown = user ? 0 : (await this.unknown.peek(unknownKey, LOCK_MS)).hits;
    // The hash is checked even when locked or unknown: every answer costs one scrypt.
    const good = await verifyPassword(password, user?.password_hash);
    if (user ? user.locked : priorUnknown >= LOCK_AFTER) return { ok: false, locked: true };
    if (good && user) {
      await this.db.query(`UPDATE app_user SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1`, [user.id]);
      return { ok: true, userId: user.id };
    }
    let failures: number;
    if (user) {
      // The failure that reaches LOCK_AFTER locks the username and starts the count again.
      const [row]: Array<{ failed: number }> = await this.db.query(
        `UPDATE app_user
            SET failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= $2 THEN 0 ELSE failed_sign_ins + 1 END,
                locked_until = CASE WHEN failed_sign_ins + 1 >= $2
                                    THEN clock_timestamp() + $3 * interval '1 millisecond' END
          WHERE id = $1
        RETURNING CASE WHEN locked_until IS NULL THEN failed_sign_ins ELSE $2 END AS failed`,
        [user.id, LOCK_AFTER, LOCK_MS],
      );
      failures = row.failed;
    } else {
      failures = (await this.unknown.hit(unknownKey, LOCK_MS)).hits;
    }
    await this.limiter.failed(client, res);
    await sleep(Math.min(SLOW_MAX_MS, SLOW_STEP_MS * Math.max(0, failures - 1)));
    return { ok: false, locked: false };
  }

  /** A user's own new password: no longer forced to change it. */
  async setOwnPassword(userId: string, password: string): Promise<void> {
    await this.db.query(`UPDATE app_user SET password_hash = $2, must_change_password = false WHERE id = $1`, [
      userId,
      await hashPassword(password),
    ]);
  }

  async checkPassword(userId: string, password: string): Promise<boolean> {
    const rows: Array<{ password_hash: string | null }> = await this.db.query(
      `SELECT password_hash FROM app_user WHERE id = $1`,
      [userId],
    );
    return verifyPassword(password, rows[0]?.password_hash);
  }
}
