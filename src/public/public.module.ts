import { Module } from '@nestjs/common';
import { JournalModule } from '../journal/journal.module';
import { NoticesModule } from '../notices/notices.module';
import { PublicController } from './public.controller';
import { PublicPagesService } from './public-pages.service';
import { NoticePageCache } from './notice-page.cache';

@Module({
  imports: [NoticesModule, JournalModule],
  controllers: [PublicController],
  providers: [PublicPagesService, NoticePageCache],
})
export class PublicModule {}
