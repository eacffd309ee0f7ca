import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { DomainError } from '../../common/errors/domain-error';
import { CSRF_AFTER_UPLOAD_KEY } from '../console.guard';
import { csrfMatches } from '../session.service';

/** A console upload is a village's list, not a province's: larger files go through the API or the CLI. */
export const CONSOLE_UPLOAD_BYTES = 1024 * 1024;

/** The form token of a multipart form, checked once multer has read the fields (the guard could not). */
@Injectable()
class UploadCsrfCheck implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.console || !csrfMatches(req.console.csrf, (req.body as Record<string, unknown> | undefined)?._csrf)) {
      throw new DomainError('FORBIDDEN', '表单已过期或来源不明（CSRF 校验失败），请返回刷新页面后重试');
    }
    return next.handle();
  }
}

/**
 * A multipart form with one .xlsx `file` (the first step) or the same file carried back base64 in
 * `_xlsx` (the confirmation step, which works without JavaScript), then the CSRF check.
 */
export const ConsoleUpload = () =>
  applyDecorators(
    SetMetadata(CSRF_AFTER_UPLOAD_KEY, true),
    UseInterceptors(
      FileInterceptor('file', {
        limits: { fileSize: CONSOLE_UPLOAD_BYTES, files: 1, fields: 6, fieldSize: 2 * CONSOLE_UPLOAD_BYTES },
      }),
      UploadCsrfCheck,
    ),
  );
