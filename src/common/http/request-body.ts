import type { Request } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /** Reads and parses the body once; called only for a request let in, so no anonymous caller makes it parse. */
    readBody?: () => Promise<void>;
  }
}

/** Reads the body if the HTTP layer put a reader on the request (unit tests of guards may not). */
export async function readBodyOf(req: Request): Promise<void> {
  await req.readBody?.();
}
