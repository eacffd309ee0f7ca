import {
  applyDecorators,
  Controller,
  createParamDecorator,
  ExecutionContext,
  HttpCode,
  Post,
  SetMetadata,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { IS_CONSOLE } from '../auth/access.decorators';
import { ConsoleErrorFilter } from './console-error.filter';
import { ConsoleGuard } from './console.guard';
import type { ConsoleContext } from './console-context';

import { SIGNED_OUT_KEY } from './console.guard';

/**
 * A controller of console pages under /console/<path>: session cookie instead of bearer token
 * (ConsoleGuard), errors as pages (ConsoleErrorFilter), not in the OpenAPI document. Use @Roles()
 * as on API routes.
 */
export const ConsoleController = (path = '') =>
  applyDecorators(
    Controller(path ? `console/${path}` : 'console'),
    ApiExcludeController(),
    SetMetadata(IS_CONSOLE, true),
    UseGuards(ConsoleGuard),
    UseFilters(ConsoleErrorFilter),
  );

/** A page reachable without a session (the login form). */
export const SignedOut = () => SetMetadata(SIGNED_OUT_KEY, true);

/** A form POST answered with a page (200, not Nest's 201). */
export const ConsolePost = (path = '') => applyDecorators(Post(path), HttpCode(200));

/** Who is signed in, the region's name and the form token: what every page needs. */
export const Ctx = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): ConsoleContext => ctx.switchToHttp().getRequest<Request>().console!,
);

/**
 * The urlencoded form, as strings (a repeated field keeps its last value). Not Nest's @Body(): the
 * global pipe would refuse `_csrf`; pages validate with readForm() (forms.ts) and show errors beside fields.
 */
export const FormBody = createParamDecorator((_: unknown, ctx: ExecutionContext): Record<string, string> => {
  const body: unknown = ctx.switchToHttp().getRequest<Request>().body;
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body)) {
      const last: unknown = Array.isArray(v) ? v[v.length - 1] : v;
      if (typeof last === 'string') out[k] = last;
    }
  }
  return out;
});
