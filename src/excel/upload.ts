import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error';

/** 20 000 rows of a fund file are about 1.5 MB; 10 MB leaves room for formatting and comments. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * The .xlsx sent as the multipart field `file`, read whole; undefined when the request carries no
 * file (the import then answers "No file"). A larger file than MAX_UPLOAD_BYTES is refused with
 * 413 PAYLOAD_TOO_LARGE (@fastify/multipart's error, mapped by the error filter), a file under
 * another field name with 400, as multer's FileInterceptor('file') did.
 */
export async function uploadedXlsx(req: FastifyRequest): Promise<Buffer | undefined> {
  if (!req.isMultipart()) return undefined;
  const file = await req.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } });
  if (!file) return undefined;
  if (file.fieldname !== 'file') {
    file.file.resume();
    throw new DomainError(
      'VALIDATION_FAILED',
      `Unexpected file field ${file.fieldname}: send the .xlsx as "file" / 文件字段名应为 file`,
    );
  }
  return file.toBuffer();
}
