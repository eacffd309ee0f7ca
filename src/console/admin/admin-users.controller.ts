import { Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../../auth/access.decorators';
import { CreateUserDto, ResetPasswordDto } from '../../auth/dto/create-user.dto';
import { toSummary, UsersService } from '../../auth/users.service';
import { DomainError } from '../../common/errors/domain-error';
import { domainErrorFromPg } from '../../common/errors/pg-error';
import { ConsoleController, ConsolePost, Ctx, FormBody } from '../console.decorators';
import type { ConsoleContext } from '../console-context';
import { emptyForm, isConfirmed, readForm, withError } from '../forms';
import { passwordProblem } from '../password';
import { confirmForm, resultView } from '../views/form.view';
import {
  confirmUserPage,
  createdUserPage,
  newUserPage,
  resetPasswordPage,
  userActionPage,
  usersPage,
} from './admin-users.view';

const send = (res: Response, page: string, status = 200) => res.status(status).type('html').send(page);
const cursorOf = (v: unknown) => (typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v) ? v : undefined);

/** Users of the admin's region: list, create (with a console login), reset a password, disable. */
@ConsoleController('admin/users')
@Roles('admin')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list(@Ctx() ctx: ConsoleContext, @Query('cursor') cursor: unknown, @Res() res: Response) {
    const c = cursorOf(cursor);
    send(res, usersPage(ctx, await this.users.list(ctx.actor, { limit: 50, cursor: c }), c));
  }

  @Get('new')
  newUser(@Ctx() ctx: ConsoleContext, @Res() res: Response) {
    send(res, newUserPage(ctx, emptyForm({ regionCode: ctx.actor.regionCode })));
  }

  /** The example of the form flow (docs/console.md): validate → confirm → write → result. */
  @ConsolePost('new')
  async create(@Ctx() ctx: ConsoleContext, @FormBody() body: Record<string, string>, @Res() res: Response) {
    let f = await readForm(CreateUserDto, body);
    const problem = f.values.password ? passwordProblem(f.values.password, f.values.username) : null;
    if (problem && !f.errors.password) f = withError(f, 'password', problem);
    if (f.values.password && !f.values.username) f = withError(f, 'username', '设置密码时须同时设置用户名');
    if (!f.dto || Object.keys(f.errors).length > 0 || body._back === '1') {
      return send(res, newUserPage(ctx, f), body._back === '1' ? 200 : 400);
    }
    if (!isConfirmed(body)) return send(res, confirmUserPage(ctx, f.values));
    try {
      send(res, createdUserPage(ctx, await this.users.create(ctx.actor, f.dto)));
    } catch (e) {
      const field = fieldOf(e);
      if (!field) throw e;
      send(res, newUserPage(ctx, withError(f, field[0], field[1])), 400);
    }
  }

  @Get(':id/password')
  async resetForm(@Ctx() ctx: ConsoleContext, @Param('id') id: string, @Res() res: Response) {
    send(res, resetPasswordPage(ctx, toSummary(await this.users.get(ctx.actor, id)), emptyForm()));
  }

  @ConsolePost(':id/password')
  async reset(
    @Ctx() ctx: ConsoleContext,
    @Param('id') id: string,
    @FormBody() body: Record<string, string>,
    @Res() res: Response,
  ) {
    const user = toSummary(await this.users.get(ctx.actor, id));
    let f = await readForm(ResetPasswordDto, body);
    const problem = passwordProblem(f.values.password ?? '', user.username);
    if (problem && !f.errors.password) f = withError(f, 'password', problem);
    if (!f.dto || Object.keys(f.errors).length > 0 || body._back === '1') {
      return send(res, resetPasswordPage(ctx, user, f), 400);
    }
    if (!isConfirmed(body)) {
      const rows: Array<[string, string]> = [['用户名', user.username ?? '']];
      const confirm = confirmForm(
        `/console/admin/users/${id}/password`,
        ctx.csrf,
        f.values,
        rows,
        '确认后该用户的所有登录将立即退出，下次登录时须修改密码。',
      );
      return send(res, userActionPage(ctx, '确认重置密码', user, confirm));
    }
    await this.users.resetPassword(ctx.actor, id, f.dto.password);
    send(res, userActionPage(ctx, '密码已重置', user, resultView('密码已重置，该用户的所有登录已退出。', [])));
  }

  @Get(':id/disable')
  async disableForm(@Ctx() ctx: ConsoleContext, @Param('id') id: string, @Res() res: Response) {
    const user = toSummary(await this.users.get(ctx.actor, id));
    const confirm = confirmForm(
      `/console/admin/users/${id}/disable`,
      ctx.csrf,
      {},
      [['用户名', user.username ?? '（仅令牌）']],
      '停用后该用户的令牌和所有登录立即失效，不能恢复（可另建新用户）。',
    );
    send(res, userActionPage(ctx, '确认停用用户', user, confirm));
  }

  @ConsolePost(':id/disable')
  async disable(
    @Ctx() ctx: ConsoleContext,
    @Param('id') id: string,
    @FormBody() body: Record<string, string>,
    @Res() res: Response,
  ) {
    const user = toSummary(await this.users.get(ctx.actor, id));
    if (!isConfirmed(body)) return res.redirect(303, '/console/admin/users');
    await this.users.disable(ctx.actor, id);
    send(res, userActionPage(ctx, '用户已停用', user, resultView('用户已停用，其令牌与登录均已失效。', [])));
  }
}

/** A refusal about one field of the create form, shown beside it. */
function fieldOf(e: unknown): [string, string] | undefined {
  const d = e instanceof DomainError ? e : domainErrorFromPg(e);
  if (!d) return undefined;
  const constraint = (d.details as { constraint?: string } | undefined)?.constraint;
  if (d.code === 'ALREADY_EXISTS' && constraint === 'uq_app_user_username') return ['username', '用户名已被使用'];
  if (d.code === 'OUT_OF_SCOPE') return ['regionCode', '超出您的管辖范围'];
  if (d.code === 'NOT_FOUND') return ['regionCode', '没有这个区划'];
  return undefined;
}
