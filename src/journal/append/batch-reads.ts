import type { AppendContext, BatchRead } from './entry-draft';

/** The batch's up-front reads (AppendOptions.read): one statement per kind, not one round trip per append. */
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
