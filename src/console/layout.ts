import { Html, html } from '../public/html';
import type { Role } from '../auth/role';
import type { ConsoleContext } from './console-context';

/** Style from our own file, scripts from our own files only, forms to ourselves, never framed. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Console answers are never cached, and send the referrer within the site only: with helmet's
 * no-referrer a browser posts forms with `Origin: null`, and the guard's origin check needs the origin.
 */
export const CONSOLE_HEADERS = {
  'Content-Security-Policy': CONSOLE_CSP,
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'same-origin',
};

export const ROLE_NAMES: Record<Role, string> = {
  admin: '系统管理员',
  finance: '财政局',
  program: '项目主管部门',
  township: '乡镇',
  village: '村委会',
  auditor: '审计局',
};

/** The nav, by role. A new page adds its item here. */
export const NAV: Array<{ href: string; label: string; roles?: readonly Role[] }> = [
  { href: '/console', label: '工作台' },
  { href: '/console/admin/users', label: '用户', roles: ['admin'] },
  { href: '/console/admin/regions', label: '区划', roles: ['admin'] },
  { href: '/console/village/projects', label: '项目申报', roles: ['village'] },
  { href: '/console/village/households', label: '农户', roles: ['village'] },
  { href: '/console/village/notices', label: '公示与异议', roles: ['village'] },
  { href: '/console/village/assets', label: '资产收益', roles: ['village'] },
  { href: '/console/township/reviews', label: '待审核', roles: ['township'] },
  { href: '/console/township/projects', label: '项目', roles: ['township'] },
  { href: '/console/program/projects', label: '项目', roles: ['program'] },
  { href: '/console/program/assets', label: '资产', roles: ['program'] },
  { href: '/console/finance/funds', label: '资金文件', roles: ['finance'] },
  { href: '/console/finance/projects', label: '项目拨付', roles: ['finance'] },
  { href: '/console/audit/trace', label: '资金追踪', roles: ['auditor', 'finance', 'program'] },
  { href: '/console/audit/findings', label: '疑点清单', roles: ['auditor', 'finance', 'program'] },
  { href: '/console/audit/verify', label: '账本校验', roles: ['auditor', 'finance', 'admin'] },
  { href: '/console/finance/exports', label: '导出', roles: ['finance', 'auditor', 'program', 'admin'] },
];

function nav(ctx: ConsoleContext): Html {
  const items = NAV.filter((i) => !i.roles || i.roles.includes(ctx.actor.role));
  const on = (href: string) => (href === '/console' ? ctx.path === '/console' : ctx.path.startsWith(href));
  return html`<nav class="main" aria-label="主菜单">
    ${items.map((i) => html`<a href="${i.href}" class="${on(i.href) ? 'on' : ''}">${i.label}</a>`)}
  </nav>`;
}

function shell(title: string, top: Html, body: Html, scripts: string[]): string {
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <!-- The service's no-referrer makes a browser send "Origin: null" with our own forms; the guard wants ours. -->
        <meta name="referrer" content="same-origin" />
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/console/assets/console.css" />
        <title>${title} · 阳光台账工作台</title>
        ${scripts.map((src) => html`<script src="${src}" defer></script>`)}
      </head>
      <body>
        ${top}
        <main>${body}</main>
        <footer>阳光台账 · 乡村振兴资金与资产台账</footer>
      </body>
    </html>`.text;
}

/** A page of a signed-in user: header (who, role, region, sign-out), the role's nav, the body. */
export function consolePage(ctx: ConsoleContext, title: string, body: Html, scripts: string[] = []): string {
  const top = html`<header class="top">
      <a class="brand" href="/console">阳光台账 · 工作台</a>
      <span class="who">${ctx.actor.name} · ${ROLE_NAMES[ctx.actor.role]} · ${ctx.regionName}</span>
      <span class="who"><a href="/console/password">修改密码</a></span>
      <form method="post" action="/console/logout">
        <input type="hidden" name="_csrf" value="${ctx.csrf}" /><button type="submit">退出</button>
      </form>
    </header>
    ${nav(ctx)}`;
  return shell(title, top, body, scripts);
}

/** A page without a session (sign-in, errors before sign-in). */
export function plainPage(title: string, body: Html): string {
  return shell(
    title,
    html`<header class="top"><a class="brand" href="/console">阳光台账 · 工作台</a></header>`,
    body,
    [],
  );
}
