import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from './domain-error';
import { ErrorCode } from './error-code';
import { domainErrorFromPg } from './pg-error';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
  correlationId: string;
}

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: 'VALIDATION_FAILED',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.CONFLICT]: 'CONFLICT',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'TOO_MANY_REQUESTS',
};

/** body-parser reports malformed JSON and oversize bodies as plain errors with a `type`. */
function fromBodyParser(err: unknown): DomainError | undefined {
  const type = (err as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return new DomainError('VALIDATION_FAILED', 'Malformed JSON body / 请求体不是合法 JSON');
  if (type === 'entity.too.large') return new DomainError('PAYLOAD_TOO_LARGE', 'Request body too large / 请求体过大');
  return undefined;
}

/**
 * The one place errors become responses: the shape of API.md, a stable code, the correlation
 * id, and nothing of the internals for anything unexpected.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = this.toBody(exception, String(req.id ?? ''));
    if (body.statusCode >= 500) this.logger.error({ err: exception, correlationId: body.correlationId }, 'unhandled error');
    if (!res.headersSent) res.status(body.statusCode).json(body);
  }

  toBody(exception: unknown, correlationId: string): ErrorBody {
    const known = exception instanceof DomainError ? exception : (domainErrorFromPg(exception) ?? fromBodyParser(exception));
    if (known) {
      return { statusCode: known.status, code: known.code, message: known.message, details: known.details, correlationId };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
      return {
        statusCode,
        code: CODE_BY_STATUS[statusCode] ?? (statusCode >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED'),
        message: Array.isArray(message) ? message.join('; ') : String(message),
        correlationId,
      };
    }
    return { statusCode: 500, code: 'INTERNAL', message: 'Internal server error / 服务器内部错误', correlationId };
  }
}
