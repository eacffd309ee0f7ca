import { Module } from '@nestjs/common';
import { NoticesReadService } from './notices-read.service';

/** Notices (三公示一公告): publishing, PDFs, objections, gates. */
@Module({
  providers: [NoticesReadService],
  exports: [NoticesReadService],
})
export class NoticesModule {}
