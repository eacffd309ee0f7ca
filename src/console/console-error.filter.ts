import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../common/errors/domain-error';
import { ErrorFilter } from '../common/errors/error.filter';
import { html } from '../public/html';
import { ConsoleRedirect } from './console-redirect';
import { chineseMessage } from './forms';
import { CONSOLE_CSP, consolePage, plainPage } from './layout';

const TITLES: Record<number, [string, string]> = {
  400: ['请求有误', '提交的内容不符合要求。'],
  403: ['无权访问', '您没有权限查看或办理此事项（角色或管辖范围不符）。'],
  404: ['未找到', '没有这条记录，或链接有误。'],
  409: ['无法办理', '当前状态下不能办理此事项。'],
  413: ['内容过大', '提交的内容超过了大小限制。'],
  422: ['无法办理', '此事项不符合业务规则。'],
  429: ['请稍后再试', '尝试次数过多，请稍后再试。'],
  500: ['系统错误', '系统出现错误，请稍后再试或联系管理员。'],
};

/**
 * Console errors are pages in Chinese, never JSON: a refusal of the domain (FORBIDDEN and OUT_OF_SCOPE
 * → 403, NOT_FOUND → 404 …) with its reason, a redirect (not signed in) as 303. The status code is the
 * API's for the same error, so that tests and proxies see the same thing.
 */
@Catch()
export class ConsoleErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ConsoleErrorFilter');
  private readonly api = new ErrorFilter({} as never);

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    res.set({ 'Content-Security-Policy': CONSOLE_CSP, 'Cache-Control': 'no-store', 'Referrer-Policy': 'same-origin' });
    if (exception instanceof ConsoleRedirect) return res.redirect(303, exception.location);
    const body = this.api.toBody(exception, String(req.id ?? ''));
    if (body.code === 'UNAUTHENTICATED') return res.redirect(303, '/console/login');
    if (body.statusCode >= 500) this.logger.error({ err: exception, correlationId: body.correlationId }, 'console');
    const [title, text] = TITLES[body.statusCode] ?? TITLES[body.statusCode >= 500 ? 500 : 400];
    const known = exception instanceof DomainError || exception instanceof HttpException;
    const reason = known && body.statusCode < 500 ? chineseMessage(body.message) : '';
    const content = html`<div class="card">
      <h1>${title}</h1>
      <p>${text}</p>
      ${reason && html`<p class="box bad">${reason}</p>`}
      <p class="muted">状态码 ${body.statusCode} · 追踪号 ${body.correlationId}</p>
      <p><a href="/console">返回工作台</a></p>
    </div>`;
    const page = req.console ? consolePage(req.console, title, content) : plainPage(title, content);
    res.status(body.statusCode).type('text/html; charset=utf-8').send(page);
  }
}
