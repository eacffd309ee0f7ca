import { Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { notFound } from '../common/errors/domain-error';
import { ConsoleController, ConsolePost, Ctx, FormBody, SignedOut } from './console.decorators';
import type { ConsoleContext } from './console-context';
import { clearCookie, PRE_COOKIE, readCookie, SESSION_COOKIE, setCookie } from './cookies';
import { emptyForm, type FieldErrors } from './forms';
import { passwordProblem } from './password';
import { ConsoleSessions } from './session.service';
import { SignInService } from './sign-in.service';
import { loginPage, passwordPage } from './views/account.view';

/** Only our own paths: `next` must not send a signed-in user to another site. */
const safeNext = (next: unknown) =>
  typeof next === 'string' && /^\/console(\/[^/\\]|$|\?)/.test(next) && !next.includes('//') ? next : '/console';

const JS = 'text/javascript; charset=utf-8';
const ASSETS: Record<string, string> = {
  'console.css': 'text/css; charset=utf-8',
  'trace-chart.js': JS,
  'echarts.min.js': JS,
};
/** Files served from an npm package rather than assets/ (Apache ECharts: no CDN, county networks are offline). */
const FROM_PACKAGES: Record<string, string> = { 'echarts.min.js': 'echarts/dist/echarts.min.js' };
const assetCache = new Map<string, Buffer>();

/** Sign-in, sign-out, one's own password, and the console's static files. */
@ConsoleController()
export class AccountController {
  constructor(
    private readonly sessions: ConsoleSessions,
    private readonly signIn: SignInService,
  ) {}

  @Get('login')
  @SignedOut()
  login(@Query('next') next: unknown, @Req() req: Request, @Res() res: Response) {
    res.type('html').send(loginPage(this.preToken(req, res), emptyForm(), safeNext(next)));
  }

  @ConsolePost('login')
  @SignedOut()
  async postLogin(@FormBody() body: Record<string, string>, @Req() req: Request, @Res() res: Response) {
    const username = (body.username ?? '').trim();
    const password = body.password ?? '';
    const next = safeNext(body._next);
    const errors: FieldErrors = {};
    if (!username) errors.username = ['请输入用户名'];
    if (!password) errors.password = ['请输入密码'];
    const again = (status: number, message?: string) =>
      res
        .status(status)
        .type('html')
        .send(loginPage(this.preToken(req, res), { values: { username }, errors }, next, message));
    if (username.length > 64 || password.length > 256) return again(400, '用户名或密码不正确');
    if (Object.keys(errors).length) return again(400);
    const result = await this.signIn.signIn(username, password, req.ip ?? 'unknown', res);
    if (!result.ok) {
      return again(401, result.locked ? '该账号因多次登录失败已暂时锁定，请 15 分钟后再试。' : '用户名或密码不正确。');
    }
    const old = readCookie(req, SESSION_COOKIE);
    const oldSession = old ? await this.sessions.resolve(old) : null;
    if (oldSession) await this.sessions.revoke(oldSession.idHash);
    setCookie(req, res, SESSION_COOKIE, await this.sessions.create(result.userId));
    clearCookie(req, res, PRE_COOKIE);
    res.redirect(303, next);
  }

  @ConsolePost('logout')
  async logout(@Req() req: Request, @Res() res: Response) {
    await this.sessions.revoke(req.consoleSessionHash!);
    clearCookie(req, res, SESSION_COOKIE);
    res.redirect(303, '/console/login');
  }

  @Get('password')
  password(@Ctx() ctx: ConsoleContext, @Res() res: Response) {
    res.type('html').send(passwordPage(ctx, emptyForm(), ctx.mustChangePassword));
  }

  @ConsolePost('password')
  async postPassword(
    @Ctx() ctx: ConsoleContext,
    @FormBody() body: Record<string, string>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const errors: FieldErrors = {};
    const problem = passwordProblem(body.password ?? '', ctx.username);
    if (problem) errors.password = [problem];
    else if (body.password !== body.repeat) errors.repeat = ['两次输入的新密码不一致'];
    if (!(await this.signIn.checkPassword(ctx.actor.userId, body.current ?? ''))) errors.current = ['当前密码不正确'];
    else if (body.current === body.password) errors.password = ['新密码不能与当前密码相同'];
    if (Object.keys(errors).length) {
      return res
        .status(400)
        .type('html')
        .send(passwordPage(ctx, { values: {}, errors }, ctx.mustChangePassword));
    }
    await this.signIn.setOwnPassword(ctx.actor.userId, body.password);
    await this.sessions.revokeUser(ctx.actor.userId, req.consoleSessionHash);
    res.type('html').send(passwordPage(ctx, emptyForm(), false, true));
  }

  @Get('assets/:name')
  @SignedOut()
  asset(@Param('name') name: string, @Res() res: Response) {
    const type = ASSETS[name];
    if (!type) throw notFound('File', name);
    let body = assetCache.get(name);
    if (!body)
      assetCache.set(
        name,
        (body = readFileSync(
          FROM_PACKAGES[name] ? require.resolve(FROM_PACKAGES[name]) : join(__dirname, 'assets', name),
        )),
      );
    res.set({ 'Cache-Control': 'public, max-age=3600' }).type(type).send(body);
  }

  /** The login form's token: the pre-session cookie's value (set here if absent). */
  private preToken(req: Request, res: Response): string {
    const existing = readCookie(req, PRE_COOKIE);
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const token = randomBytes(32).toString('base64url');
    setCookie(req, res, PRE_COOKIE, token);
    return token;
  }
}
