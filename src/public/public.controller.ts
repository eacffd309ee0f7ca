import { RateLimit } from '../common/rate-limit/rate-limit.decorator';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/access.decorators';
import { DomainError, notFound } from '../common/errors/domain-error';
import { IMMUTABLE, REVALIDATE, sendCacheable, SHORT_LIVED } from '../common/http/http-cache';
import { publicAsset } from './assets';
import { CONTENT_SECURITY_POLICY, html, page } from './html';
import { NoticePageCache, type RenderedPage } from './notice-page.cache';
import { PublicPagesService } from './public-pages.service';
import { listPage } from './views/list.view';
import { verifyPage } from './views/verify.view';

const one = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Public pages (no login), outside the /api/v1 prefix: server-rendered HTML for phones. */
@ApiExcludeController()
@Public()
@RateLimit('public')
@Controller('public')
export class PublicController {
  constructor(
    private readonly pages: PublicPagesService,
    private readonly noticePages: NoticePageCache,
  ) {}

  @Get()
  list(@Query('region') region: unknown, @Query('cursor') cursor: unknown, @Req() req: Request, @Res() res: Response) {
    return send(req, res, REVALIDATE, async () => listPage(await this.pages.list(one(region), one(cursor))));
  }

  /** Objections, a correction and the period's state (by today's date) change the page: cached briefly. */
  @Get('notices/:id')
  notice(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return send(req, res, SHORT_LIVED, () => this.noticePages.page(id));
  }

  /** The exact bytes the content hash was computed over. */
  @Get('notices/:id/content.json')
  content(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return sendBytes(req, res, () => this.pages.contentBytes(id));
  }

  /** The exact canonical bytes of the notice's journal entry. */
  @Get('notices/:id/entry.json')
  entry(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return sendBytes(req, res, () => this.pages.entryBytes(id));
  }

  @Get('verify/:id')
  verify(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return send(req, res, REVALIDATE, async () => verifyPage(await this.pages.verify(id)));
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Req() req: Request, @Res() res: Response) {
    const asset = publicAsset(name);
    if (!asset) return send(req, res, REVALIDATE, () => Promise.reject(notFound('File', name)));
    res.set({ 'Cache-Control': 'public, max-age=3600', ETag: asset.etag, 'X-Content-Type-Options': 'nosniff' });
    if (req.headers['if-none-match'] === asset.etag) return res.status(304).end();
    return res.type('application/javascript; charset=utf-8').send(asset.body);
  }
}

const notFoundPage = () =>
  page(
    '未找到',
    html`<h1>未找到</h1>
      <p>没有这份公示，或链接有误。</p>
      <p><a href="/public">返回公示公告列表</a></p>`,
  );

function isNotFound(e: unknown): boolean {
  return e instanceof DomainError && e.code === 'NOT_FOUND';
}

/** A page with the ETag of its bytes: a phone that has it gets a 304 (what changes, changes the bytes). */
async function send(
  req: Request,
  res: Response,
  cacheControl: string,
  render: () => Promise<string | RenderedPage>,
): Promise<void> {
  res.set({
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  let body: string | RenderedPage;
  try {
    body = await render();
  } catch (e) {
    if (!isNotFound(e)) throw e;
    res.set('Cache-Control', REVALIDATE).status(404).type('text/html; charset=utf-8').send(notFoundPage());
    return;
  }
  const [html, etag] = typeof body === 'string' ? [body, undefined] : [body.html, body.etag];
  sendCacheable(req, res, html, { etag, cacheControl, type: 'text/html; charset=utf-8' });
}

/** Published bytes never change, so they may be cached; served as JSON but never sniffed as HTML. */
async function sendBytes(req: Request, res: Response, load: () => Promise<Buffer>): Promise<void> {
  try {
    const body = await load();
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'" });
    sendCacheable(req, res, body, { cacheControl: IMMUTABLE, type: 'application/json; charset=utf-8' });
  } catch (e) {
    if (!isNotFound(e)) throw e;
    res
      .status(404)
      .type('application/json; charset=utf-8')
      .send({ statusCode: 404, code: 'NOT_FOUND', message: 'Notice not found / 没有这份公示' });
  }
}
