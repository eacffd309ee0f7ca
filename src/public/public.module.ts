import { Module } from '@nestjs/common';
import { JournalModule } from '../journal/journal.module';
import { NoticesModule } from '../notices/notices.module';
import { PublicController } from './public.controller';
import { PublicPagesService } from './public-pages.service';

/** Public pages: notices by region and in-browser verification, no login. */
@Module({
  imports: [NoticesModule, JournalModule],
  controllers: [PublicController],
  providers: [PublicPagesService],
})
export class PublicModule {}
