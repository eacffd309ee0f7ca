import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';

/** 20 000 rows of a fund file are about 1.5 MB; 10 MB leaves room for formatting and comments. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * The .xlsx sent as the multipart field `file`, read whole into memory by multer. A larger file
 * is refused with 413 PAYLOAD_TOO_LARGE, a file under another field name with 400; a request
 * without a file reaches the route, whose import then answers "No file".
 */
export const XlsxUpload = () =>
  applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
    }),
    UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } })),
  );

/** What multer hands over of the file. */
export interface UploadedXlsx {
  buffer: Buffer;
  size: number;
}
