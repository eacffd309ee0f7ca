import { Module } from '@nestjs/common';
import { BackTraceService } from './back-trace.service';
import { EntryTraceService } from './entry-trace.service';
import { ForwardTraceService } from './forward-trace.service';
import { TraceExportService } from './trace-export.service';
import { TraceController } from './trace.controller';

/** Traces forward (fund → payments, assets) and back (asset, project, household, entry → fund documents). */
@Module({
  controllers: [TraceController],
  providers: [ForwardTraceService, BackTraceService, EntryTraceService, TraceExportService],
  exports: [ForwardTraceService, BackTraceService, EntryTraceService, TraceExportService],
})
export class TraceModule {}
