import type { Request, Response } from 'express';

/** The session id; Path=/console, so the API under /api/v1 never even receives it. */
export const SESSION_COOKIE = 'sl_console';
/** Before sign-in there is no session: the login form's token is a double-submit cookie (login CSRF). */
export const PRE_COOKIE = 'sl_console_pre';

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** HttpOnly, SameSite=Strict, Path=/console, and Secure whenever the request came over HTTPS (trust proxy). */
export function setCookie(req: Request, res: Response, name: string, value: string): void {
  const secure = req.secure ? '; Secure' : '';
  res.append('Set-Cookie', `${name}=${value}; Path=/console; HttpOnly; SameSite=Strict${secure}`);
}

export function clearCookie(req: Request, res: Response, name: string): void {
  const secure = req.secure ? '; Secure' : '';
  res.append('Set-Cookie', `${name}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0${secure}`);
}
