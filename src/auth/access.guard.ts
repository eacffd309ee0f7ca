import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { DomainError } from '../common/errors/domain-error';
import { readBodyOf } from '../common/http/request-body';
import { SignInLimiter } from '../common/rate-limit/sign-in-limiter';
import { IS_CONSOLE, IS_PUBLIC, ROLES_KEY } from './access.decorators';
import type { Role } from './role';
import { UsersService } from './users.service';

const READ_METHODS = new Set(['GET', 'HEAD']);
// Made only when thrown: a stack captured for every request let in shows in the payment path's profile.
const unauthenticated = () =>
  new DomainError('UNAUTHENTICATED', 'A valid bearer token is required / 需要有效的访问令牌');

/**
 * Every route is private unless marked @Public. The token gives a role and a region; the auditor
 * may read everything in its region and write nothing, whatever a route's own roles say. Only a
 * request let in has its body read: a refusal (401/403) comes before a byte of it is parsed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly users: UsersService,
    private readonly signIn: SignInLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    // Console pages: ConsoleGuard decides by the session cookie and reads the body itself, after deciding.
    if (this.reflector.getAllAndOverride<boolean>(IS_CONSOLE, [context.getHandler(), context.getClass()])) return true;
    await this.admit(context, req);
    await readBodyOf(req);
    return true;
  }

  private async admit(context: ExecutionContext, req: Request): Promise<void> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return;

    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) throw unauthenticated();
    // A token is a guess until the database knows it: failed checks are limited per client address.
    const client = req.ip ?? 'unknown';
    const res = context.switchToHttp().getResponse<Response>();
    const actor = await this.users.actorForToken(match[1], () => this.signIn.assertAllowed(client, res));
    if (!actor) {
      await this.signIn.failed(client, res);
      throw unauthenticated();
    }
    req.actor = actor;

    if (actor.role === 'auditor' && !READ_METHODS.has(req.method)) {
      throw new DomainError('FORBIDDEN', 'Auditors have read-only access / 审计角色只读');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(actor.role)) {
      throw new DomainError(
        'FORBIDDEN',
        `Role ${actor.role} may not do this; allowed: ${roles.join(', ')} / 角色无此权限`,
      );
    }
  }
}
