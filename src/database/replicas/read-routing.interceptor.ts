import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, mergeMap, Observable, throwError } from 'rxjs';
import { DomainError } from '../../common/errors/domain-error';
import { parseLsn } from './lsn';
import { ReadContext, readContext } from './read-context';
import { ReadRouter } from './read-router';

export const LSN_HEADER = 'X-Ledger-LSN';
export const LSN_COOKIE = 'ledger_lsn';
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Errors after which the same read on the primary may well succeed: the replica went away or replay cancelled it. */
function replicaFailure(err: unknown): boolean {
  const e = (err as { driverError?: unknown }).driverError ?? err;
  const code = String((e as { code?: unknown }).code ?? '');
  const message = String((e as { message?: unknown })?.message ?? '');
  return (
    /^(08|57P0)/.test(code) ||
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code) ||
    (code === '40001' && /conflict with recovery/.test(message)) ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(message)
  );
}

function cookieLsn(req: Request): string | undefined {
  const m = new RegExp(`(?:^|;\\s*)${LSN_COOKIE}=([^;]*)`).exec(req.headers.cookie ?? '');
  return m ? decodeURIComponent(m[1]) : undefined;
}

/**
 * Read-your-writes across requests: a write's answer names the primary's WAL position after it (X-Ledger-LSN, cookie
 * ledger_lsn), and a read that sends it back goes to a replica only once that one has replayed so far. A read failing
 * on a replica that went away runs again on the primary, unless its answer has started.
 */
@Injectable()
export class ReadRoutingInterceptor implements NestInterceptor {
  constructor(private readonly router: ReadRouter) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.router.enabled || context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const write = !READS.has(req.method);
    const store: ReadContext = { write, minLsn: write ? undefined : this.clientLsn(req) };
    return readContext.run(store, () => {
      if (write) return next.handle().pipe(mergeMap((value) => this.stamp(res).then(() => value)));
      return next.handle().pipe(
        catchError((err: unknown) => {
          if (!store.replica || res.headersSent || !replicaFailure(err)) return throwError(() => err);
          this.router.markDown(store.replica, err);
          store.replica = undefined;
          store.source = undefined;
          store.write = true; // this request stays on the primary now
          return readContext.run(store, () => next.handle());
        }),
      );
    });
  }

  private clientLsn(req: Request): bigint | undefined {
    const header = req.headers[LSN_HEADER.toLowerCase()];
    const given = typeof header === 'string' ? header : cookieLsn(req);
    if (given === undefined || given === '') return undefined;
    const lsn = parseLsn(given);
    if (lsn === undefined)
      throw new DomainError(
        'VALIDATION_FAILED',
        `${LSN_HEADER} must be a WAL position such as 0/16B3748, as a write's answer gave it / 日志位置格式不正确`,
      );
    return lsn;
  }

  private async stamp(res: Response): Promise<void> {
    if (res.headersSent) return;
    const lsn = await this.router.commitLsn();
    res.setHeader(LSN_HEADER, lsn);
    // For browsers, which send no custom header: short-lived, since a replica within the lag limit has it soon.
    res.cookie(LSN_COOKIE, lsn, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 5 * 60_000 });
  }
}
