interface Waiting<I, O> {
  item: I;
  resolve(result: O): void;
  reject(err: unknown): void;
}

/** Runs one event-loop turn's calls as one statement (a statement costs more than its rows); a failure fails all. */
export class TurnBatcher<I, O> {
  private waiting: Array<Waiting<I, O>> = [];

  constructor(private readonly run: (items: I[]) => Promise<O[]>) {}

  push(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      if (this.waiting.push({ item, resolve, reject }) === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const results = await this.run(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (err) {
      batch.forEach((w) => w.reject(err));
    }
  }
}
