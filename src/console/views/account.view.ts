import { html } from '../../public/html';
import type { ConsoleContext } from '../console-context';
import type { FormState } from '../forms';
import { consolePage, plainPage } from '../layout';
import { field, form, passwordField } from './form.view';

export function loginPage(csrf: string, f: FormState<unknown>, next: string, message?: string): string {
  return plainPage(
    '登录',
    html`<div class="card login">
      <h1>登录工作台</h1>
      ${message && html`<p class="box bad" role="alert">${message}</p>`}
      <form class="form" method="post" action="/console/login">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <input type="hidden" name="_next" value="${next}" />
        ${field({ name: 'username', label: '用户名', required: true, autocomplete: 'username' }, f)}
        ${passwordField('password', '密码', 'current-password', f)}
        <button type="submit">登录</button>
      </form>
      <p class="muted">账号由系统管理员开设。连续多次输错密码，账号将暂时锁定 15 分钟。</p>
    </div>`,
  );
}

export function passwordPage(ctx: ConsoleContext, f: FormState<unknown>, forced: boolean, done = false): string {
  return consolePage(
    ctx,
    '修改密码',
    html`<h1>修改密码</h1>
      ${forced && html`<p class="box warn">首次登录或密码已被管理员重置，请先设置您自己的密码。</p>`}
      ${done && html`<p class="box ok">密码已修改。您在其他设备上的登录已全部退出。</p>`}
      <div class="card">
        ${form(
          '/console/password',
          ctx.csrf,
          html`${passwordField('current', '当前密码', 'current-password', f)}
          ${field(
            {
              name: 'password',
              label: '新密码',
              type: 'password',
              required: true,
              autocomplete: 'new-password',
              hint: '至少 10 个字符，不能包含用户名',
            },
            f,
          )}
          ${passwordField('repeat', '再次输入新密码', 'new-password', f)}`,
          '修改密码',
        )}
      </div>`,
  );
}
