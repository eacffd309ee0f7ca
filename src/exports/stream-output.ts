import type { Writable } from 'node:stream';

/** The reader went away (client disconnected, file closed): the export stops where it is. */
export class ExportAborted extends Error {
  constructor() {
    super('the export was cancelled: its output closed');
  }
}

/** Resolves when `out` can take more (or at once); throws when it closed meanwhile. Backpressure for every export. */
export async function drained(out: Writable): Promise<void> {
  if (out.destroyed || out.writableEnded) throw new ExportAborted();
  if (!out.writableNeedDrain) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
  if (out.destroyed) throw new ExportAborted();
}

/** Writes a chunk and waits while the reader is behind. */
export async function write(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.destroyed) throw new ExportAborted();
  if (!out.write(chunk)) await drained(out);
}

/** Passes batches on only as fast as `out` drains: a slow reader slows the cursor, not the heap. */
export async function* paced<T>(out: Writable, batches: AsyncIterable<T[]>): AsyncIterable<T[]> {
  for await (const batch of batches) {
    await drained(out);
    yield batch;
  }
}

/**
 * Runs `work` until it ends or `out` closes unfinished (the client went away), whichever comes first: an xlsx
 * writer that writes nothing more would otherwise wait for ever, holding its snapshot's connection.
 */
export async function untilClosed<T>(out: Writable, work: Promise<T>): Promise<T> {
  let onClose = () => {};
  const closed = new Promise<never>((_, reject) => {
    onClose = () => {
      if (!out.writableFinished) reject(new ExportAborted());
    };
    out.once('close', onClose);
  });
  work.catch(() => undefined); // when the output closed first, its later failure is of no interest
  try {
    return await Promise.race([work, closed]);
  } finally {
    out.off('close', onClose);
  }
}
