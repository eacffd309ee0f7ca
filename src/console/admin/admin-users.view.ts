import type { UserSummary } from '../../auth/users.service';
import type { CreatedUserDto } from '../../auth/dto/create-user.dto';
import type { Page } from '../../common/pagination';
import { Html, html } from '../../public/html';
import type { ConsoleContext } from '../console-context';
import type { FormState } from '../forms';
import { consolePage, ROLE_NAMES } from '../layout';
import { confirmForm, field, form, pager, resultView } from '../views/form.view';
import { ROLES } from '../../auth/role';

const ROLE_OPTIONS = ROLES.map((r): [string, string] => [r, `${ROLE_NAMES[r]}（${r}）`]);

export function usersPage(ctx: ConsoleContext, page: Page<UserSummary>, cursor?: string): string {
  const rows = page.items.map(
    (u) => html`<tr>
      <td>${u.name}</td>
      <td>${u.username ?? html`<span class="muted">仅令牌</span>`}</td>
      <td>${ROLE_NAMES[u.role]}</td>
      <td class="mono">${u.regionCode}</td>
      <td>${u.disabled ? '已停用' : '正常'}</td>
      <td>
        ${!u.disabled && u.username ? html`<a href="/console/admin/users/${u.id}/password">重置密码</a>` : ''}
        ${!u.disabled && u.id !== ctx.actor.userId ? html` <a href="/console/admin/users/${u.id}/disable">停用</a>` : ''}
      </td>
    </tr>`,
  );
  return consolePage(
    ctx,
    '用户',
    html`<h1>用户</h1>
      <p><a class="button" href="/console/admin/users/new">新建用户</a></p>
      <div class="scroll">
        <table>
          <thead><tr><th>名称</th><th>用户名</th><th>角色</th><th>区划</th><th>状态</th><th>操作</th></tr></thead>
          <tbody>${rows}</tbody>
        </table>
      </div>
      ${pager('/console/admin/users', { cursor }, page.nextCursor)}`,
  );
}

const INITIAL_PASSWORD = {
  name: 'password',
  label: '初始密码',
  type: 'password' as const,
  autocomplete: 'new-password',
  hint: '至少 10 个字符；用户首次登录时须修改',
};

const newUserFields = (f: FormState<unknown>, ctx: ConsoleContext) =>
  html`${field({ name: 'name', label: '名称', required: true, hint: '单位与姓名，如：郾城区财政局 张三' }, f)}
  ${field({ name: 'role', label: '角色', type: 'select', options: ROLE_OPTIONS, required: true }, f)}
  ${field({ name: 'regionCode', label: '区划代码', required: true, hint: `12 位，须在 ${ctx.regionName} 之内` }, f)}
  ${field({ name: 'username', label: '用户名', hint: '3–32 位小写字母、数字或 . _ -；不填则只能用令牌' }, f)}
  ${field({ ...INITIAL_PASSWORD, required: false }, f)}`;

export function newUserPage(ctx: ConsoleContext, f: FormState<unknown>): string {
  return consolePage(
    ctx,
    '新建用户',
    html`<h1>新建用户</h1>
      <div class="card">${form('/console/admin/users/new', ctx.csrf, newUserFields(f, ctx))}</div>`,
  );
}

export function confirmUserPage(ctx: ConsoleContext, values: Record<string, string>): string {
  const role = values.role as keyof typeof ROLE_NAMES;
  return consolePage(
    ctx,
    '确认新建用户',
    html`<h1>确认新建用户</h1>
      ${confirmForm(
        '/console/admin/users/new',
        ctx.csrf,
        values,
        [
          ['名称', values.name],
          ['角色', ROLE_NAMES[role] ?? role],
          ['区划代码', values.regionCode],
          ['用户名', values.username || '（无，仅令牌）'],
          ['初始密码', values.password ? '已设置（首次登录须修改）' : '（无）'],
        ],
        '请核对以下内容。令牌只在下一页显示一次。',
      )}`,
  );
}

export function createdUserPage(ctx: ConsoleContext, user: CreatedUserDto): string {
  return consolePage(
    ctx,
    '用户已创建',
    html`<h1>用户已创建</h1>
      ${resultView('用户已创建。令牌只显示这一次，请交给使用者妥善保管。', [
        ['名称', user.name],
        ['角色', ROLE_NAMES[user.role]],
        ['区划代码', user.regionCode],
        ['用户名', user.username ?? '（无）'],
        ['访问令牌', html`<span class="mono">${user.token}</span>`],
      ])}
      <p><a href="/console/admin/users">返回用户列表</a></p>`,
  );
}

export function resetPasswordPage(ctx: ConsoleContext, user: UserSummary, f: FormState<unknown>): string {
  return consolePage(
    ctx,
    '重置密码',
    html`<h1>重置密码：${user.name}（${user.username}）</h1>
      <div class="card">
        ${form(
          `/console/admin/users/${user.id}/password`,
          ctx.csrf,
          field(
            {
              name: 'password',
              label: '新密码',
              type: 'password',
              required: true,
              autocomplete: 'new-password',
              hint: '至少 10 个字符；用户下次登录时须修改',
            },
            f,
          ),
        )}
      </div>`,
  );
}

/** A confirm page for an action on one user (reset password, disable), and its result. */
export function userActionPage(ctx: ConsoleContext, title: string, user: UserSummary, body: Html): string {
  return consolePage(
    ctx,
    title,
    html`<h1>${title}：${user.name}</h1>${body}<p><a href="/console/admin/users">返回用户列表</a></p>`,
  );
}
