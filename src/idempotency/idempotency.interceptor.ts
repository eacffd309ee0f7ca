import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { Request, Response } from 'express';
import { createHmac } from 'node:crypto';
import { catchError, from, mergeMap, Observable, of } from 'rxjs';
import { DomainError } from '../common/errors/domain-error';
import { loadOrCreateSecretFile } from '../common/secret-file';
import { appConfig, type AppConfig } from '../config/app.config';
import { IdempotencyService } from './idempotency.service';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Keyed, so the stored fingerprint of a body with personal data in it (an ID number) cannot be
 * brute-forced back from the database: the key lives in DATA_DIR (or APP_SECRET), not in it.
 */
export function requestHash(key: Buffer, req: Pick<Request, 'body' | 'url' | 'method'>): Buffer {
  const body = canonicalize(req.body ?? null) ?? 'null';
  // The path without the query string, as stored fingerprints were made.
  const path = req.url.split('?', 1)[0];
  return createHmac('sha256', key).update(`${req.method} ${path}\n${body}`).digest();
}

/**
 * POST + Idempotency-Key: the first response is stored and replayed verbatim (same status, same
 * bytes); the same key with another body is refused. Keys are per caller.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly key: Buffer;

  constructor(
    private readonly store: IdempotencyService,
    @Inject(appConfig.KEY) config: AppConfig,
  ) {
    this.key = Buffer.from(
      process.env.APP_SECRET ?? loadOrCreateSecretFile(config.dataDir, 'app-secret', 32).text.trim(),
      'utf8',
    );
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = req.headers['idempotency-key'] as string | undefined;
    if (req.method !== 'POST' || key === undefined) return next.handle();
    if (!KEY_PATTERN.test(key)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'Idempotency-Key must be 1–200 visible ASCII characters / 幂等键格式错误',
      );
    }
    const scope = req.actor?.userId ?? `public:${req.ip}`;
    return from(this.store.begin(scope, key, requestHash(this.key, req))).pipe(
      mergeMap((stored) => {
        if (stored) {
          res.status(stored.statusCode).set('Idempotent-Replayed', 'true');
          return of(JSON.parse(stored.body) as unknown);
        }
        // The journal's key is unique per book, not per caller: scope it, or two clerks of one county
        // who happen to pick the same key would get each other's entry back.
        req.idempotencyKey = `${scope}|${key}`;
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            await this.store.complete(scope, key, { statusCode: res.statusCode, body: JSON.stringify(body ?? null) });
            return body;
          }),
          catchError(async (err: unknown) => {
            await this.store.release(scope, key);
            throw err;
          }),
        );
      }),
    );
  }
}
