import { Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { Writable } from 'node:stream';
import { contentDisposition } from '../common/download';
import { ExportAborted } from './stream-output';

const logger = new Logger('Exports');

/**
 * Streams a download: the headers go out at once (first byte fast), the body as it is written. Everything that
 * can refuse the request has been checked before; after the headers an error can only cut the download short,
 * and a client that goes away stops the export (its writes see a destroyed response).
 */
export async function streamDownload(
  res: Response,
  file: { contentType: string; fileName: string; title: string },
  write: (out: Writable) => Promise<unknown>,
): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', contentDisposition('attachment', file.fileName, file.title));
  res.setHeader('Cache-Control', 'no-store');
  res.flushHeaders();
  try {
    await write(res);
    if (!res.writableEnded) res.end();
  } catch (err) {
    if (err instanceof ExportAborted || res.destroyed) return;
    logger.error({ err }, `export ${file.fileName} failed after its headers were sent`);
    res.destroy(err instanceof Error ? err : undefined);
  }
}
