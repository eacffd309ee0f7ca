import type { Writable } from 'node:stream';

/**
 * Writes a chunk and waits while the receiver is full, so a slow client holds the reader back instead of the
 * output piling up in memory; a client that went away ends the read with an error.
 */
export async function writeChunk(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.destroyed) throw new Error('the receiver closed the stream');
  if (out.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new Error('the receiver closed the stream'));
    out.on('drain', onDrain);
    out.on('close', onClose);
  });
}
