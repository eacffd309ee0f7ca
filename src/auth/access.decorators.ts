import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor, Role } from './role';

export const IS_PUBLIC = 'sl:isPublic';
export const ROLES_KEY = 'sl:roles';
/** A console page (src/console): its own guard signs in by session cookie; bearer tokens do not apply. */
export const IS_CONSOLE = 'sl:isConsole';

/** A route anyone may call without a token (notices, verification, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Roles allowed to call a route. Routes without it are open to every signed-in role (reads). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<Request>().actor as Actor;
});
