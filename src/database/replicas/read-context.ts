import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource } from 'typeorm';

/** One HTTP request's view of where its reads go; set by ReadRoutingInterceptor. */
export interface ReadContext {
  /** A request that may write (not GET/HEAD): every read of it is on the primary, rule checks included. */
  write: boolean;
  /** The client's last write (X-Ledger-LSN or its cookie): a replica must have replayed this far. */
  minLsn?: bigint;
  /** Chosen on the request's first routed read, then kept: one request never mixes two servers' moments. */
  source?: DataSource;
  /** The replica chosen, if any (for the retry on the primary when it fails). */
  replica?: string;
}

export const readContext = new AsyncLocalStorage<ReadContext>();
