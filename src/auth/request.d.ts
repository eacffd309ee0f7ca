import type { Actor } from './role';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
    /** The Idempotency-Key of this POST scoped by its caller (`<caller>|<key>`), handed down so the journal dedupes on it too. */
    idempotencyKey?: string;
  }
}
