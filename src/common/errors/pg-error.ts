import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';

/** SQLSTATEs we map to API errors. Matching on codes, never on driver message strings. */
export const PG = {
  UNIQUE_VIOLATION: '23505',
  CHECK_VIOLATION: '23514',
  FOREIGN_KEY_VIOLATION: '23503',
  SERIALIZATION_FAILURE: '40001',
  DEADLOCK_DETECTED: '40P01',
  RAISE_EXCEPTION: 'P0001',
} as const;

export function sqlState(err: unknown): string | undefined {
  const driverError = err instanceof QueryFailedError ? err.driverError : err;
  const code = (driverError as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function constraintOf(err: unknown): string | undefined {
  const driverError = err instanceof QueryFailedError ? err.driverError : err;
  return (driverError as { constraint?: string } | null)?.constraint;
}

/**
 * pg-pool gives up waiting for a free connection (connectionTimeoutMillis) with a plain Error and no code, so its
 * message is the only mark. Nothing was written without a connection: the client may retry.
 */
const POOL_TIMEOUT = 'timeout exceeded when trying to connect';

/** Turns a database error into the coded error the client sees, or undefined if it is a bug. */
export function domainErrorFromPg(err: unknown): DomainError | undefined {
  const constraint = constraintOf(err);
  switch (sqlState(err)) {
    case PG.UNIQUE_VIOLATION:
      return new DomainError('ALREADY_EXISTS', 'The record already exists / 记录已存在', { constraint });
    case PG.CHECK_VIOLATION:
      if (constraint === 'chk_ledger_account_non_negative') {
        return new DomainError('INSUFFICIENT_FUNDS', 'Not enough money in the account / 余额不足', { constraint });
      }
      return new DomainError('CONSTRAINT_VIOLATION', 'A data rule was violated / 违反数据规则', { constraint });
    case PG.FOREIGN_KEY_VIOLATION:
      return new DomainError('NOT_FOUND', 'A referenced record does not exist / 引用的记录不存在', { constraint });
    case PG.SERIALIZATION_FAILURE:
    case PG.DEADLOCK_DETECTED:
      return new DomainError('SERIALIZATION_FAILURE', 'Concurrent update, please retry / 并发冲突,请重试');
    default:
      if (err instanceof Error && err.message === POOL_TIMEOUT)
        return new DomainError('SERVICE_BUSY', 'The service is busy, please retry shortly / 服务繁忙,请稍后重试');
      return undefined;
  }
}
