import { Module } from '@nestjs/common';
import { JournalModule } from '../../journal/journal.module';
import { FindingsExportService } from './findings-export.service';
import { FindingsController } from './findings.controller';
import { FindingsService } from './findings.service';

@Module({
  imports: [JournalModule],
  controllers: [FindingsController],
  providers: [FindingsService, FindingsExportService],
  exports: [FindingsService, FindingsExportService],
})
export class FindingsModule {}
