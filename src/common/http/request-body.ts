import type { Request } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /**
     * Reads and parses the body (app.setup.ts readRequest), once. The access guard calls it only
     * after it has let the request in, so that an anonymous caller cannot make the service read,
     * parse or unpack anything.
     */
    readBody?: () => Promise<void>;
  }
}

/** Reads the body if the HTTP layer put a reader on the request (unit tests of guards may not). */
export async function readBodyOf(req: Request): Promise<void> {
  await req.readBody?.();
}
