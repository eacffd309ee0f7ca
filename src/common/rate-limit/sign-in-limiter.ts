import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { appConfig, type AppConfig } from '../../config/app.config';
import type { RateLimitSetting } from './rate-limit.config';
import { tooManyRequests } from './rate-limit.guard';
import { PgThrottlerStorage } from './pg-throttler-storage';

/**
 * Failed credential checks per client address (RATE_LIMIT_SIGN_IN): only failures count, so good credentials are
 * never slowed; once over, even a correct guess is refused until the window ends, so that guessing cannot go on.
 */
@Injectable()
export class SignInLimiter {
  private readonly storage: PgThrottlerStorage;
  private readonly setting: RateLimitSetting | null;

  constructor(@InjectDataSource() db: DataSource, @Inject(appConfig.KEY) config: AppConfig) {
    this.storage = new PgThrottlerStorage(db);
    this.setting = config.rateLimits.signIn;
  }

  /** Refuses (429) a client that has already failed too often in this window; counts nothing. */
  async assertAllowed(client: string, res: Response): Promise<void> {
    if (!this.setting) return;
    const { hits, secondsLeft } = await this.storage.peek(this.key(client), this.setting.windowSeconds * 1000);
    if (hits >= this.setting.limit) throw tooManyRequests(res, secondsLeft);
  }

  /** Counts a failed check; the one that reaches the limit is answered as usual, the next are refused. */
  async failed(client: string, res: Response): Promise<void> {
    if (!this.setting) return;
    const { hits, secondsLeft } = await this.storage.hit(this.key(client), this.setting.windowSeconds * 1000);
    if (hits > this.setting.limit) throw tooManyRequests(res, secondsLeft);
  }

  private key(client: string): string {
    return `sign-in:${createHash('sha256').update(client).digest('base64url')}`;
  }
}
