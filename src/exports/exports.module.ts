import { Module } from '@nestjs/common';
import { JournalModule } from '../journal/journal.module';
import { ExportsController } from './exports.controller';
import { JournalExportService } from './journal/journal-export.service';
import { TableExportService } from './table-export.service';

@Module({
  imports: [JournalModule],
  controllers: [ExportsController],
  providers: [TableExportService, JournalExportService],
  exports: [TableExportService],
})
export class ExportsModule {}
