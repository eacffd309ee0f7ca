import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ROLES_KEY } from '../auth/access.decorators';
import type { Role } from '../auth/role';
import { DomainError } from '../common/errors/domain-error';
import { readBodyOf } from '../common/http/request-body';
import { ConsoleRedirect } from './console-redirect';
import { PRE_COOKIE, readCookie, SESSION_COOKIE } from './cookies';
import { csrfMatches, ConsoleSessions } from './session.service';
import { CONSOLE_CSP } from './layout';

export const SIGNED_OUT_KEY = 'sl:consoleSignedOut';
const READS = new Set(['GET', 'HEAD']);
/** Where a user who must change the password may still go. */
const WHILE_MUST_CHANGE = new Set(['/console/password', '/console/logout']);

const forbidden = (why: string) => new DomainError('FORBIDDEN', why);

/**
 * Console access, in order: the session cookie (none or dead → the login page), a forced password
 * change, the route's roles (the auditor writes nothing), and only then the body is read and a POST's
 * `_csrf` compared with the session's token. The API's guard lets console routes through to here.
 */
@Injectable()
export class ConsoleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: ConsoleSessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    res.set({ 'Content-Security-Policy': CONSOLE_CSP, 'Cache-Control': 'no-store' });
    const targets = [context.getHandler(), context.getClass()];
    const isRead = READS.has(req.method);
    // A form posted from another site: browsers send Origin on POST; ours is always this host.
    if (!isRead && req.headers.origin && !sameOrigin(req)) throw forbidden('跨站提交被拒绝');

    if (this.reflector.getAllAndOverride<boolean>(SIGNED_OUT_KEY, targets)) {
      await readBodyOf(req);
      const pre = readCookie(req, PRE_COOKIE);
      if (!isRead && !(pre && csrfMatches(pre, (req.body as Record<string, unknown>)?._csrf))) {
        throw forbidden('表单已过期或来源不明，请刷新页面后重试');
      }
      return true;
    }

    const session = await this.sessions.resolve(readCookie(req, SESSION_COOKIE) ?? '');
    if (!session) throw new ConsoleRedirect(isRead ? loginUrl(req) : '/console/login');
    req.actor = session.actor;
    req.consoleSessionHash = session.idHash;
    req.console = {
      actor: session.actor,
      regionName: session.regionName,
      username: session.username,
      csrf: session.csrf,
      mustChangePassword: session.mustChangePassword,
      path: req.path,
    };
    if (session.mustChangePassword && !WHILE_MUST_CHANGE.has(req.path.toLowerCase())) {
      throw new ConsoleRedirect('/console/password');
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(session.actor.role)) throw forbidden('您的角色无权使用此页面');
    const ownAccount = WHILE_MUST_CHANGE.has(req.path.toLowerCase());
    if (session.actor.role === 'auditor' && !isRead && !ownAccount) throw forbidden('审计角色只读');

    await readBodyOf(req);
    if (!isRead && !csrfMatches(session.csrf, csrfOf(req))) {
      throw forbidden('表单已过期或来源不明（CSRF 校验失败），请返回刷新页面后重试');
    }
    return true;
  }
}

/**
 * The form's token: a field of the body; an upload (multipart, read by its route's interceptor after the
 * guards) carries it in the form's action URL instead.
 */
function csrfOf(req: Request): unknown {
  if (req.is('multipart/form-data')) return req.query._csrf;
  return (req.body as Record<string, unknown> | undefined)?._csrf;
}

function sameOrigin(req: Request): boolean {
  try {
    return new URL(req.headers.origin!).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Back to the page asked for after signing in (a path of ours only, never another site). */
function loginUrl(req: Request): string {
  const next = req.originalUrl;
  return next.startsWith('/console') && next !== '/console'
    ? `/console/login?next=${encodeURIComponent(next)}`
    : '/console/login';
}
