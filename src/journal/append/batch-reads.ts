import type { AppendContext, BatchRead } from './entry-draft';

/**
 * The reads that callbacks of a batch asked for up front (AppendOptions.read), made together
 * right after the book locks: one statement per kind instead of one round trip per append. A
 * result is handed out only while no entry of this batch is about the read's subject yet (an entry
 * lists its subjects, e.g. `project:<id>`); after one is, the callback must read again itself.
 */
export class BatchReads {
  private readonly results = new Map<BatchRead, unknown>();
  private readonly touched = new Set<string>();

  /** `remembered` answers reads from memory (BookCache, on the cached route); the rest are run. */
  async load(
    reads: BatchRead[],
    query: AppendContext['query'],
    remembered: (read: BatchRead) => unknown = () => undefined,
  ): Promise<void> {
    const byKind = new Map<string, BatchRead[]>();
    for (const r of reads) {
      const known = remembered(r);
      if (known !== undefined) this.results.set(r, known);
      else byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
    }
    for (const group of byKind.values()) {
      const results = await group[0].run(
        query,
        group.map((r) => r.arg),
      );
      group.forEach((r, i) => this.results.set(r, results[i]));
    }
  }

  /** The batch now holds an entry about these subjects (staged or written). */
  touch(subjects: readonly string[]): void {
    for (const s of subjects) this.touched.add(s);
  }

  /** The up-front result, or undefined when it may be stale (or was never read). */
  result(read: BatchRead | undefined): unknown {
    if (!read || this.touched.has(read.subject) || !this.results.has(read)) return undefined;
    return this.results.get(read);
  }
}
