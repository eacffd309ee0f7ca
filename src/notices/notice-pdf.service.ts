import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import type { Actor } from '../auth/role';
import { ByteLru } from '../common/byte-lru';
import { contentDisposition } from '../common/download';
import { strongEtag } from '../common/http/http-cache';
import { appConfig, type AppConfig } from '../config/app.config';
import { PreviewNoticeQuery } from './dto/notice.dto';
import type { NoticeContent, NoticeSeal } from './notice-content';
import { NoticesReadService } from './notices-read.service';
import { NoticesService } from './notices.service';
import { renderNoticePdf } from './pdf/render-notice-pdf';

/** The bytes of a published notice's PDF with what the answer needs (ETag, file name). */
export interface PublishedPdf {
  body: Buffer;
  etag: string;
  disposition: string;
}

/** Shown in the browser (inline), named by its Chinese title. */
function pdfFile(pdf: Buffer, asciiName: string, title: string): StreamableFile {
  return new StreamableFile(pdf, {
    type: 'application/pdf',
    disposition: contentDisposition('inline', `${asciiName}.pdf`, `${title}.pdf`),
    length: pdf.length,
  });
}

/** PDFs of notices: the published one (with its seal) and a preview from the ledger as it is now. */
@Injectable()
export class NoticePdfService {
  /**
   * A published notice's row, content and seal never change, and the renderer gives the same bytes
   * for the same input, so each instance renders a PDF once and keeps it: every instance holds the
   * same bytes under the same ETag, and none can hold stale ones. Bounded by bytes (PDF_CACHE_MB).
   */
  private readonly cache: ByteLru<PublishedPdf>;
  /** Renders under way: on a notice day hundreds of phones ask for the same new PDF at once. */
  private readonly rendering = new Map<string, Promise<PublishedPdf>>();

  constructor(
    private readonly reader: NoticesReadService,
    private readonly notices: NoticesService,
    @Inject(appConfig.KEY) config: AppConfig,
  ) {
    this.cache = new ByteLru(config.pdfCacheBytes);
  }

  /** From memory, else rendered from the stored content once (concurrent requests share the render). */
  published(id: string): Promise<PublishedPdf> {
    const hit = this.cache.get(id);
    if (hit) return Promise.resolve(hit);
    let pending = this.rendering.get(id);
    if (!pending) {
      pending = this.renderPublished(id).finally(() => this.rendering.delete(id));
      this.rendering.set(id, pending);
    }
    return pending;
  }

  private async renderPublished(id: string): Promise<PublishedPdf> {
    const notice = await this.reader.row(id);
    const body = await this.render(await this.reader.content(notice.contentHash), this.reader.seal(notice));
    const pdf: PublishedPdf = {
      body,
      etag: strongEtag(body),
      disposition: contentDisposition('inline', `notice-${id}.pdf`, `${notice.title}.pdf`),
    };
    this.cache.set(id, pdf, body.length);
    return pdf;
  }

  async preview(actor: Actor, projectId: string, q: PreviewNoticeQuery): Promise<StreamableFile> {
    const content = await this.notices.preview(actor, projectId, q.type, {
      periodStart: q.periodStart,
      periodEnd: q.periodEnd,
      issuer: q.issuer,
    });
    return pdfFile(await this.render(content, null), `preview-${q.type}-${projectId}`, `${content.title}(预览)`);
  }

  render(content: NoticeContent, seal: NoticeSeal | null): Promise<Buffer> {
    return renderNoticePdf(content, seal);
  }
}
