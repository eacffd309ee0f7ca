import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpServer, HttpStatus, Logger } from '@nestjs/common';
import type { Request } from 'express';
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

/**
 * Refusals of the HTTP layer: an upload over its limit comes as Nest's HttpException 413 (multer, excel/upload.ts);
 * body-parser's errors carry a `type` and a 4xx `status`.
 */
function fromHttpLayer(err: unknown): DomainError | undefined {
  const tooLarge = new DomainError('PAYLOAD_TOO_LARGE', 'Request body too large / 请求体过大');
  if (err instanceof HttpException) return err.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE ? tooLarge : undefined;
  const { status, type, message } = (err ?? {}) as { status?: unknown; type?: unknown; message?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  return type === 'entity.too.large'
    ? tooLarge
    : new DomainError('VALIDATION_FAILED', `${String(message)} / 请求格式错误`);
}

/**
 * The one place errors become responses: the shape of API.md, a stable code, the correlation
 * id, and nothing of the internals for anything unexpected.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  constructor(private readonly http: HttpServer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<unknown>();
    // The request id is the correlation id (app.setup.ts).
    const body = this.toBody(exception, String(req.id ?? ''));
    if (body.code === 'SERVICE_BUSY') {
      this.logger.warn({ correlationId: body.correlationId }, 'no database connection free: answered 503');
      if (!this.http.isHeadersSent(res)) this.http.setHeader(res, 'Retry-After', '1');
    } else if (body.statusCode >= 500)
      this.logger.error({ err: exception, correlationId: body.correlationId }, 'unhandled error');
    if (!this.http.isHeadersSent(res)) this.http.reply(res, body, body.statusCode);
  }

  toBody(exception: unknown, correlationId: string): ErrorBody {
    const known =
      exception instanceof DomainError ? exception : (domainErrorFromPg(exception) ?? fromHttpLayer(exception));
    if (known) {
      return {
        statusCode: known.status,
        code: known.code,
        message: known.message,
        details: known.details,
        correlationId,
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
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
