import type { Actor } from '../auth/role';

/** What a console handler knows of the signed-in user (set by ConsoleGuard). */
export interface ConsoleContext {
  actor: Actor;
  regionName: string;
  username: string | null;
  /** The form token for hidden `_csrf` fields. */
  csrf: string;
  /** An admin set the password: the user must choose its own before anything else. */
  mustChangePassword: boolean;
  /** The request's path, for the nav's current item. */
  path: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    console?: ConsoleContext;
    /** The session's stored id hash (sign-out and password change revoke by it). */
    consoleSessionHash?: Buffer;
  }
}
