import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { type ThrottlerOptions, ThrottlerModule } from '@nestjs/throttler';
import { getDataSourceToken } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { appConfig, type AppConfig } from '../../config/app.config';
import { PgThrottlerStorage } from './pg-throttler-storage';
import { rateLimitOf, type RateLimitName } from './rate-limit.decorator';
import type { RateLimitSetting } from './rate-limit.config';
import { RateLimitGuard } from './rate-limit.guard';
import { SignInLimiter } from './sign-in-limiter';

/** A named limit that applies only to the routes marked @RateLimit(name); a limit set to 0 is skipped. */
function throttler(name: RateLimitName, setting: RateLimitSetting | null): ThrottlerOptions {
  return {
    name,
    limit: setting?.limit ?? 1,
    ttl: (setting?.windowSeconds ?? 1) * 1000,
    skipIf: (context) => !setting || rateLimitOf(context) !== name,
  };
}

/**
 * Rate limits held in PostgreSQL (PgThrottlerStorage), per client address (req.ip: the proxy's
 * X-Forwarded-For from loopback). A limit counts over every route that takes it, not per route.
 * Imported before AuthModule so that its guard runs before the access guard reads a body.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [appConfig.KEY, getDataSourceToken()],
      useFactory: (config: AppConfig, db: DataSource) => ({
        throttlers: [
          throttler('objections', config.rateLimits.objections),
          throttler('public', config.rateLimits.public),
        ],
        storage: new PgThrottlerStorage(db),
        setHeaders: false,
        generateKey: (_context, tracker, name) => `${name}:${createHash('sha256').update(tracker).digest('base64url')}`,
      }),
    }),
  ],
  providers: [SignInLimiter, { provide: APP_GUARD, useClass: RateLimitGuard }],
  exports: [SignInLimiter],
})
export class RateLimitModule {}
