import type { Actor } from './role';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
    /** The Idempotency-Key of this POST, handed down so the journal can dedupe on it too. */
    idempotencyKey?: string;
  }
}
