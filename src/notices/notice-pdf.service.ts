import { Injectable, StreamableFile } from '@nestjs/common';
import type { Actor } from '../auth/role';
import { contentDisposition } from '../common/download';
import { PreviewNoticeQuery } from './dto/notice.dto';
import type { NoticeContent, NoticeSeal } from './notice-content';
import { NoticesReadService } from './notices-read.service';
import { NoticesService } from './notices.service';
import { renderNoticePdf } from './pdf/render-notice-pdf';

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
  constructor(
    private readonly reader: NoticesReadService,
    private readonly notices: NoticesService,
  ) {}

  /** Rendered from the stored content each time: same content, same hash, same text. */
  async published(id: string): Promise<StreamableFile> {
    const notice = await this.reader.get(id);
    return pdfFile(
      await this.render(
        notice.content,
        this.reader.seal({ id, contentHash: notice.contentHash, book: notice.book, seq: notice.seq }),
      ),
      `notice-${id}`,
      notice.title,
    );
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
