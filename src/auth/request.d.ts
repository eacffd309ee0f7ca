import type { Actor } from './role';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
    /** This POST's Idempotency-Key scoped by its caller (`<caller>|<key>`): the journal dedupes on it too. */
    idempotencyKey?: string;
  }
}
