import { Module } from '@nestjs/common';
import { JournalModule } from '../journal/journal.module';
import { ProjectsModule } from '../projects/projects.module';
import { NoticePdfService } from './notice-pdf.service';
import { NoticesController } from './notices.controller';
import { NoticesReadService } from './notices-read.service';
import { NoticesService } from './notices.service';
import { ObjectionsService } from './objections.service';

@Module({
  imports: [JournalModule, ProjectsModule],
  controllers: [NoticesController],
  providers: [NoticesReadService, NoticesService, NoticePdfService, ObjectionsService],
  exports: [NoticesReadService, NoticesService, NoticePdfService, ObjectionsService],
})
export class NoticesModule {}
